//! `wegwijs build --timings`: where a build's time and memory go, phase by phase, for whoever
//! makes wegwijs faster (and for `bench/`). Off unless asked for: then each phase records when
//! it started (since recording was switched on), its wall time and the process's peak memory
//! when it ended (Linux: `VmHWM` in `/proc/self/status`; elsewhere not shown). Phases that run
//! side by side overlap.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);
static SINCE: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
static PHASES: Mutex<Vec<Phase>> = Mutex::new(Vec::new());

/// One phase as measured.
#[derive(Clone, Debug)]
pub struct Phase {
    pub name: &'static str,
    /// When it started, since recording was switched on.
    pub start: Duration,
    pub wall: Duration,
    /// The process's peak resident memory so far, in bytes, when the phase ended.
    pub peak: Option<u64>,
}

/// Starts recording.
pub fn enable() {
    SINCE.get_or_init(Instant::now);
    ON.store(true, Ordering::Relaxed);
}

/// Runs `f`, recorded as the phase `name` when recording.
pub fn phase<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !ON.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let value = f();
    let phase = Phase {
        name,
        start: SINCE
            .get()
            .map_or(Duration::ZERO, |since| start.duration_since(*since)),
        wall: start.elapsed(),
        peak: peak_memory(),
    };
    PHASES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(phase);
    value
}

/// The phases recorded so far, in the order they ended; the record is emptied.
pub fn take() -> Vec<Phase> {
    std::mem::take(&mut *PHASES.lock().unwrap_or_else(|p| p.into_inner()))
}

/// The phases as a table for the terminal.
pub fn table(phases: &[Phase]) -> String {
    let mut out = String::from("phase                start ms   wall ms   peak memory so far\n");
    for p in phases {
        let peak = p
            .peak
            .map_or("-".to_owned(), |b| format!("{:.0} MB", b as f64 / 1e6));
        out.push_str(&format!(
            "{:<20} {:>8} {:>9}   {peak}\n",
            p.name,
            p.start.as_millis(),
            p.wall.as_millis()
        ));
    }
    out
}

fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    #[test]
    fn phases_are_recorded_only_when_asked_for() {
        assert_eq!(super::phase("off", || 7), 7);
        assert!(super::take().is_empty());
        super::enable();
        assert_eq!(super::phase("on", || 8), 8);
        let phases = super::take();
        assert!(phases.iter().any(|p| p.name == "on"));
        assert!(super::table(&phases).contains("on "));
    }
}
