//! An answer that never ends costs the client its limit, not its memory: a loopback
//! endpoint streams 256 MiB against a 1 MiB limit, and the process's resident memory is
//! read before and after. Alone in its test binary, so no other test's memory counts.

mod common;

use aep_flows::client::{Api, Error, RetryPolicy, StaticToken};
use common::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// What the endpoint offers: far more than the limit, bounded so the test always ends.
const STREAM_BYTES: u64 = 256 << 20;
/// The client's limit.
const LIMIT: u64 = 1 << 20;
/// How much the process may grow: the limit, the client's buffers, the runtime's own
/// allocations; a fraction of the stream.
const GROWTH_BOUND: u64 = 32 << 20;

/// A memory figure of this process from `/proc/self/status` (`VmRSS`, `VmHWM`), in bytes;
/// `None` where there is no procfs.
fn proc_status(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// A loopback endpoint answering every request with `STREAM_BYTES` of JSON-ish bytes,
/// chunked (`declare: false`) or with that `Content-Length` (`declare: true`), until the
/// client hangs up or 60 s pass. Counts the bytes it managed to write.
async fn endless(declare: bool, sent: Arc<AtomicU64>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        let Ok((mut conn, _)) = listener.accept().await else {
            return;
        };
        // Read the request head (the test's GET has no body).
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            match conn.read(&mut buf).await {
                Ok(n) if n > 0 => head.extend_from_slice(&buf[..n]),
                _ => return,
            }
        }
        let framing = match declare {
            true => format!("content-length: {STREAM_BYTES}"),
            false => "transfer-encoding: chunked".to_owned(),
        };
        let start =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{framing}\r\n\r\n");
        if conn.write_all(start.as_bytes()).await.is_err() {
            return;
        }
        let piece = vec![b' '; 64 * 1024];
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        let mut total = 0;
        while total < STREAM_BYTES && tokio::time::Instant::now() < deadline {
            let wrote = match declare {
                true => conn.write_all(&piece).await,
                false => {
                    let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
                    chunk.extend_from_slice(&piece);
                    chunk.extend_from_slice(b"\r\n");
                    conn.write_all(&chunk).await
                }
            };
            if wrote.is_err() {
                break;
            }
            total += piece.len() as u64;
            sent.store(total, Ordering::SeqCst);
        }
    });
    format!("http://{addr}{FLOW_PATH}")
}

#[tokio::test]
async fn an_endless_answer_fails_without_growing_memory() {
    let api = Api::builder()
        .api_key(API_KEY)
        .org_id(ORG)
        .sandbox(SANDBOX)
        .auth(StaticToken::new(TOKEN))
        .retry(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        })
        .timeout(Duration::from_secs(60))
        .max_response_bytes(LIMIT)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let rss_before = proc_status("VmRSS:");
    let peak_before = proc_status("VmHWM:");
    for declare in [false, true] {
        let sent = Arc::new(AtomicU64::new(0));
        let base = endless(declare, sent.clone()).await;
        let fs = aep_flows::client::flowservice::Client::with_base_url(&api, base);
        let err = fs.list_runs().send_value().await.err();
        assert!(
            matches!(
                err,
                Some(Error::TooLarge {
                    limit: LIMIT,
                    status: 200,
                    ..
                })
            ),
            "declared length {declare}: {err:?}"
        );
        // The client hung up early: the endpoint could not write most of its stream.
        let sent = sent.load(Ordering::SeqCst);
        assert!(
            sent < STREAM_BYTES / 4,
            "declared {declare}: {sent} bytes sent"
        );
        eprintln!("declared length {declare}: the endpoint wrote {sent} bytes");
    }
    if let (Some(rss0), Some(peak0), Some(rss1), Some(peak1)) = (
        rss_before,
        peak_before,
        proc_status("VmRSS:"),
        proc_status("VmHWM:"),
    ) {
        eprintln!("VmRSS {rss0} -> {rss1} bytes, VmHWM {peak0} -> {peak1} bytes");
        assert!(
            peak1.saturating_sub(peak0) < GROWTH_BOUND,
            "peak memory grew by {} bytes",
            peak1 - peak0
        );
        assert!(rss1.saturating_sub(rss0) < GROWTH_BOUND, "{rss0} -> {rss1}");
    }
}
