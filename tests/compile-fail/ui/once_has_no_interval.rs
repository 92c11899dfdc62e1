// A `once` schedule has no interval to set.
use aep_flows::flow_specs::crm_to_aep::ScheduleOnce;

fn main() {
    let _schedule = ScheduleOnce::builder().start_time(1).interval(30).build();
}
