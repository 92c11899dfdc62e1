// A minute schedule without its required `interval` must not compile.
use aep_flows::flow_specs::crm_to_aep::ScheduleMinute;

fn main() {
    let _schedule = ScheduleMinute::builder().start_time(1_567_411_548).build();
}
