// With every required member set, builders compile and validate.
use aep_flows::flow_specs::crm_to_aep::{CopyParams, CopyParamsDeltaColumn, RunParams, Schedule, ScheduleMinute};

fn main() -> Result<(), aep_flows::ValidationErrors> {
    let schedule: Schedule = ScheduleMinute::builder().start_time(1_567_411_548).interval(30).backfill(true).build()?;
    assert_eq!(schedule.tag(), "minute");
    let delta = CopyParamsDeltaColumn::builder().name("updatedAt").timezone("UTC").build()?;
    let _copy = CopyParams::builder().delta_column(delta.clone()).build()?;
    let _run = RunParams::builder()
        .start_time(1)
        .window_start_time(2)
        .window_end_time(3)
        .delta_column(aep_flows::flow_specs::crm_to_aep::RunParamsDeltaColumn::builder().name("updatedAt").build()?)
        .build()?;
    let _once = Schedule::once(1_567_411_548)?;
    assert!(Schedule::minute(1, 5).is_err());
    Ok(())
}
