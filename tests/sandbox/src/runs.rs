//! Flow runs synthesised from schedules, with status and metrics shaped like the
//! monitoring API's (`metrics.durationSummary`, `sizeSummary`, `recordSummary`,
//! `fileSummary`, `statusSummary`, and one entry per activity).
//!
//! A run exists once the clock has reached its slot. It is `inProgress` for its
//! duration (50 to 70 seconds, fixed per run) and then `success`, or `failed`
//! when the test asked for failures ([`Outcome`]). Record and byte counts are
//! derived from the run id, so they are stable between reads.

use crate::schedule::Schedule;
use serde_json::{json, Value};

/// Most runs materialised for one flow by one catch-up of the clock; when the
/// clock jumps further, the oldest slots of the jump are skipped.
pub const MAX_RUNS_PER_CATCH_UP: i64 = 500;

/// How the runs of a flow end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The run ingests every record.
    #[default]
    Success,
    /// The run fails in its copy activity.
    Failed,
}

/// The schedule state of one flow.
#[derive(Debug, Clone)]
pub struct FlowRuns {
    /// The flow's schedule, if it has one this sandbox can run.
    pub schedule: Option<Schedule>,
    /// The index of the next slot to materialise.
    pub next: Option<i64>,
    /// Whether the flow is enabled.
    pub enabled: bool,
    /// The time of the last slot materialised.
    pub last_slot: Option<i64>,
}

impl FlowRuns {
    /// The state of a flow whose schedule starts counting at `from_secs`.
    pub fn new(schedule: Option<Schedule>, from_secs: i64) -> FlowRuns {
        let schedule = schedule.map(|s| match s.every {
            None => Schedule {
                start: s.start.max(from_secs),
                every: None,
            },
            Some(_) => s,
        });
        FlowRuns {
            next: schedule.and_then(|s| s.first_at_or_after(from_secs)),
            schedule,
            enabled: true,
            last_slot: None,
        }
    }

    /// Replaces the schedule; slots count from `now_secs` or after the last run.
    pub fn reschedule(&mut self, schedule: Option<Schedule>, now_secs: i64) {
        let from = self
            .last_slot
            .map_or(now_secs, |l| l.saturating_add(1).max(now_secs));
        let enabled = self.enabled;
        let last = self.last_slot;
        *self = FlowRuns::new(schedule, from);
        self.enabled = enabled;
        self.last_slot = last;
    }

    /// Turns the schedule off or on; on again, slots count from `now_secs`.
    pub fn set_enabled(&mut self, enabled: bool, now_secs: i64) {
        if enabled && !self.enabled {
            self.next = self.schedule.and_then(|s| s.first_at_or_after(now_secs));
        }
        self.enabled = enabled;
    }

    /// The slots (index, time) due at `now_secs`, and advances past them.
    pub fn due(&mut self, now_secs: i64) -> Vec<(i64, i64)> {
        let (Some(schedule), Some(next)) = (self.schedule, self.next) else {
            return Vec::new();
        };
        if !self.enabled {
            return Vec::new();
        }
        let Some(last) = schedule.last_at_or_before(now_secs) else {
            return Vec::new();
        };
        if last < next {
            return Vec::new();
        }
        let from = next.max(last.saturating_sub(MAX_RUNS_PER_CATCH_UP - 1));
        let slots: Vec<(i64, i64)> = (from..=last)
            .filter_map(|k| schedule.slot(k).map(|t| (k, t)))
            .collect();
        self.next = match schedule.every {
            None => None,
            Some(_) => last.checked_add(1),
        };
        if let Some((_, t)) = slots.last() {
            self.last_slot = Some(*t);
        }
        slots
    }
}

/// One run, stored as data and rendered against the clock.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// The run id.
    pub id: String,
    /// The flow it belongs to.
    pub flow_id: String,
    /// `{id, version}` of the flow's flowSpec.
    pub flow_spec: Value,
    /// Source connection ids of the flow.
    pub sources: Vec<String>,
    /// Target connection ids of the flow.
    pub targets: Vec<String>,
    /// Organization of the flow.
    pub org_id: String,
    /// Sandbox of the flow.
    pub sandbox: String,
    /// Who created the run (the flow's creator, or the caller for on-demand runs).
    pub created_by: String,
    /// Client id of the creator.
    pub created_client: String,
    /// When it starts, Unix epoch milliseconds.
    pub start_ms: i64,
    /// How long it takes, in milliseconds.
    pub duration_ms: i64,
    /// How it ends.
    pub outcome: Outcome,
    /// Records read from the source.
    pub records: i64,
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl RunRecord {
    /// A run of `flow` (a stored flow body) starting at `start_ms`. Scheduled runs
    /// get an id derived from the flow and slot, so they are stable.
    pub fn new(flow_id: &str, flow: &Value, id: String, start_ms: i64, outcome: Outcome) -> Self {
        let mix = fnv1a(&id);
        let strings = |key: &str| -> Vec<String> {
            flow.get(key)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let text = |key: &str| {
            flow.get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        RunRecord {
            id,
            flow_id: flow_id.to_owned(),
            flow_spec: flow.get("flowSpec").cloned().unwrap_or(Value::Null),
            sources: strings("sourceConnectionIds"),
            targets: strings("targetConnectionIds"),
            org_id: text("imsOrgId"),
            sandbox: text("sandboxName"),
            created_by: text("createdBy"),
            created_client: text("createdClient"),
            start_ms,
            duration_ms: 50_000 + i64::try_from(mix % 20_000).unwrap_or(0),
            outcome,
            records: 800 + i64::try_from((mix >> 16) % 200).unwrap_or(0),
        }
    }

    /// The stable id of slot `k` of a flow.
    pub fn scheduled_id(flow_id: &str, k: i64) -> String {
        uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!("{flow_id}/run/{k}").as_bytes(),
        )
        .to_string()
    }

    /// When it ends, Unix epoch milliseconds.
    pub fn end_ms(&self) -> i64 {
        self.start_ms.saturating_add(self.duration_ms)
    }

    /// `inProgress`, `success` or `failed` at `now_ms`.
    pub fn status_at(&self, now_ms: i64) -> &'static str {
        if now_ms < self.end_ms() {
            "inProgress"
        } else {
            match self.outcome {
                Outcome::Success => "success",
                Outcome::Failed => "failed",
            }
        }
    }

    /// The run as the API returns it, at `now_ms`.
    pub fn render(&self, now_ms: i64) -> Value {
        let status = self.status_at(now_ms);
        let done = status != "inProgress";
        let end = self.end_ms();
        let errors = if status == "failed" {
            json!([{
                "code": "CONNECTOR-2001-500",
                "message": "Error in processing (parsing, validation or transformation) the copied data."
            }])
        } else {
            json!([])
        };
        let (input, output, failed) = match (done, self.outcome) {
            (false, _) => (0, 0, 0),
            (true, Outcome::Success) => (self.records, self.records, 0),
            (true, Outcome::Failed) => (self.records, 0, self.records),
        };
        let bytes = |n: i64| if done { n.saturating_mul(106) } else { -1 };
        let mut duration = json!({ "startedAtUTC": self.start_ms });
        if done {
            duration["completedAtUTC"] = json!(end);
        }
        let mut status_summary = json!({ "status": status });
        if status == "failed" {
            status_summary["errors"] = errors.clone();
        }
        let files = if done { 1 } else { -1 };
        let copy_id = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!("{}/copy", self.id).as_bytes(),
        );
        let activity = |name: &str, id: String, info: Value| {
            let mut a = json!({
                "id": id,
                "name": name,
                "updatedAtUTC": if done { end } else { 0 },
                "durationSummary": duration,
                "sizeSummary": { "inputBytes": bytes(input), "outputBytes": bytes(output) },
                "recordSummary": { "inputRecordCount": input, "outputRecordCount": output, "failedRecordCount": failed },
                "fileSummary": { "inputFileCount": files, "outputFileCount": if output > 0 { files } else { 0 } },
                "statusSummary": status_summary,
            });
            if let (Some(obj), Value::Object(extra)) = (a.as_object_mut(), info) {
                obj.extend(extra);
            }
            a
        };
        let refs = |ids: &[String], kind: &str| -> Value {
            ids.iter()
                .map(|id| json!({ "id": id, "type": kind }))
                .collect()
        };
        let activities = json!([activity(
            "Copy Activity",
            copy_id.to_string(),
            json!({
                "sourceInfo": refs(&self.sources, "SourceConnection"),
                "targetInfo": refs(&self.targets, "TargetConnection"),
            }),
        )]);
        json!({
            "id": self.id,
            "etag": format!("\"{}-0000-0200-0000-{:08x}0000\"", self.id.get(..8).unwrap_or(&self.id), (self.start_ms / 1000).rem_euclid(1 << 32)),
            "createdAt": self.start_ms,
            "updatedAt": if done { end } else { self.start_ms },
            "createdBy": self.created_by,
            "updatedBy": self.created_by,
            "createdClient": self.created_client,
            "updatedClient": self.created_client,
            "sandboxId": crate::store::sandbox_id(&self.sandbox),
            "sandboxName": self.sandbox,
            "imsOrgId": self.org_id,
            "flowId": self.flow_id,
            "flowSpec": self.flow_spec,
            "providerRefId": format!("sbx-{}", self.id.get(..8).unwrap_or(&self.id)),
            "status": { "value": status, "errors": errors },
            "metrics": {
                "durationSummary": duration,
                "sizeSummary": { "inputBytes": bytes(input), "outputBytes": bytes(output) },
                "recordSummary": { "inputRecordCount": input, "outputRecordCount": output, "failedRecordCount": failed },
                "fileSummary": { "inputFileCount": files, "outputFileCount": if output > 0 { files } else { 0 } },
                "statusSummary": status_summary,
            },
            "activities": activities,
        })
    }

    /// `lastRunDetails` of a flow whose latest run this is.
    pub fn last_run_details(&self, now_ms: i64) -> Value {
        let mut v = json!({
            "id": self.id,
            "state": self.status_at(now_ms),
            "startedAtUTC": self.start_ms,
        });
        if now_ms >= self.end_ms() {
            v["completedAtUTC"] = json!(self.end_ms());
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minute(start: i64, interval: i64) -> Option<Schedule> {
        Schedule::from_params(
            &json!({"startTime": start, "frequency": "minute", "interval": interval}),
        )
    }

    #[test]
    fn due_slots_start_at_creation_and_never_repeat() {
        let mut fr = FlowRuns::new(minute(1_000, 30), 1_000);
        assert_eq!(fr.due(999), vec![]);
        assert_eq!(fr.due(1_000), vec![(0, 1_000)]);
        assert_eq!(fr.due(1_000 + 3_600), vec![(1, 2_800), (2, 4_600)]);
        assert_eq!(fr.due(1_000 + 3_600), vec![]);
    }

    #[test]
    fn a_past_start_time_does_not_fill_the_history() {
        let mut fr = FlowRuns::new(minute(0, 15), 10_000);
        // Slots every 900 s: the first at or after 10 000 is 10 800.
        assert_eq!(fr.due(10_799), vec![]);
        assert_eq!(fr.due(10_800), vec![(12, 10_800)]);
    }

    #[test]
    fn once_runs_once_even_when_its_start_is_past() {
        let once = Schedule::from_params(&json!({"startTime": 5, "frequency": "once"}));
        let mut fr = FlowRuns::new(once, 100);
        assert_eq!(fr.due(100), vec![(0, 100)]);
        assert_eq!(fr.due(1_000_000), vec![]);
    }

    #[test]
    fn catch_up_is_bounded_and_disabled_flows_do_not_run() {
        let mut fr = FlowRuns::new(minute(0, 15), 0);
        let slots = fr.due(900 * 10_000);
        assert_eq!(slots.len() as i64, MAX_RUNS_PER_CATCH_UP);
        assert_eq!(slots.last().map(|s| s.0), Some(10_000));
        fr.set_enabled(false, 900 * 10_000);
        assert_eq!(fr.due(900 * 20_000), vec![]);
        fr.set_enabled(true, 900 * 20_000 + 1);
        assert_eq!(fr.due(900 * 20_001), vec![(20_001, 900 * 20_001)]);
    }

    #[test]
    fn runs_render_progress_then_outcome() {
        let flow = json!({"flowSpec": {"id": "f", "version": "1.0"}, "sourceConnectionIds": ["s"],
                          "targetConnectionIds": ["t"], "sandboxName": "prod"});
        let r = RunRecord::new(
            "flow",
            &flow,
            RunRecord::scheduled_id("flow", 0),
            1_000,
            Outcome::Success,
        );
        let early = r.render(1_001);
        assert_eq!(early["status"]["value"], "inProgress");
        assert!(early["metrics"]["durationSummary"]
            .get("completedAtUTC")
            .is_none());
        let done = r.render(r.end_ms());
        assert_eq!(done["metrics"]["statusSummary"]["status"], "success");
        assert_eq!(
            done["metrics"]["recordSummary"]["outputRecordCount"],
            r.records
        );
        assert_eq!(
            done["metrics"]["durationSummary"]["completedAtUTC"],
            r.end_ms()
        );
        assert_eq!(done["activities"][0]["sourceInfo"][0]["id"], "s");
        let mut failing = r.clone();
        failing.outcome = Outcome::Failed;
        let f = failing.render(r.end_ms());
        assert_eq!(f["status"]["value"], "failed");
        assert_eq!(
            f["metrics"]["statusSummary"]["errors"][0]["code"],
            "CONNECTOR-2001-500"
        );
        assert_eq!(
            f["metrics"]["recordSummary"]["failedRecordCount"],
            r.records
        );
    }
}
