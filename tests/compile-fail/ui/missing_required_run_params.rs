// Run params need all four of startTime, windowStartTime, windowEndTime and deltaColumn.
use aep_flows::flow_specs::crm_to_aep::RunParams;

fn main() {
    let _params = RunParams::builder().start_time(1).window_start_time(2).window_end_time(3).build();
}
