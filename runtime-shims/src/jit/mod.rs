//! The run-time half of the meta-tracing JIT (built with feature `jit`,
//! linked only into executables whose program has a JIT driver).
//!
//! Generated code counts warm-up at `can_enter_jit` in [`kiln_jit_state`]
//! and calls [`kiln_jit_merge_point`] at the portal's `jit_merge_point`
//! once a counter fired. The entry point decodes the jitcode blob the
//! compiler embedded ([`program`]), and answers the portal with one of the
//! statuses of [`crate::jitcode::status`].
//!
//! Options come from `KILN_JIT` (`off`, or `threshold=N,trace_limit=N`,
//! comma-separated) and `KILN_JIT_LOG=FILE`.

pub mod program;

use crate::jitcode::{self as jc, JitState};
use std::cell::UnsafeCell;

/// The state cell; generated code addresses it as `kiln_jit_state`.
#[repr(transparent)]
pub struct StateCell(UnsafeCell<JitState>);

// SAFETY: Kiln programs are single-threaded.
unsafe impl Sync for StateCell {}

/// The JIT state shared with generated code. The initial threshold of 1
/// makes the first `can_enter_jit` call the runtime, which then reads the
/// options and sets the real threshold.
#[no_mangle]
pub static kiln_jit_state: StateCell = StateCell(UnsafeCell::new(JitState {
    pending: 0,
    threshold: 1,
    buf: [0; jc::BUF_WORDS],
    counters: [0; jc::NCOUNTERS],
}));

/// The shared state.
#[allow(clippy::mut_from_ref)]
pub fn state() -> &'static mut JitState {
    // SAFETY: single-threaded; callers keep no two references across calls.
    unsafe { &mut *kiln_jit_state.0.get() }
}

/// Run-time options of the JIT.
#[derive(Clone, Debug)]
pub struct Options {
    /// The JIT is off: nothing is traced.
    pub off: bool,
    /// Warm-up threshold (counts of `can_enter_jit` per green key).
    pub threshold: i64,
    /// Longest trace (recorded operations) before tracing is aborted.
    pub trace_limit: usize,
    /// Log file, if any.
    pub log: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            off: false,
            threshold: 1000,
            trace_limit: 6000,
            log: None,
        }
    }
}

/// Parses `KILN_JIT`'s value (unknown keys and bad numbers are ignored
/// with a warning on stderr).
pub fn parse_options(spec: &str, log: Option<String>) -> Options {
    let mut o = Options {
        log,
        ..Options::default()
    };
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match (k, v.parse::<i64>()) {
            ("off", _) => o.off = true,
            ("on", _) => o.off = false,
            ("threshold", Ok(n)) if n >= 1 => o.threshold = n,
            ("trace_limit", Ok(n)) if n >= 1 => o.trace_limit = n as usize,
            _ => eprintln!("kiln: ignoring KILN_JIT option `{part}`"),
        }
    }
    o
}

struct Runtime {
    opts: Options,
}

struct RtCell(UnsafeCell<Option<Runtime>>);
// SAFETY: single-threaded.
unsafe impl Sync for RtCell {}
static RUNTIME: RtCell = RtCell(UnsafeCell::new(None));

fn runtime() -> &'static mut Runtime {
    // SAFETY: single-threaded; initialized on first use.
    let cell = unsafe { &mut *RUNTIME.0.get() };
    cell.get_or_insert_with(|| {
        let spec = std::env::var("KILN_JIT").unwrap_or_default();
        let log = std::env::var("KILN_JIT_LOG").ok().filter(|s| !s.is_empty());
        let opts = parse_options(&spec, log);
        let st = state();
        st.threshold = if opts.off { i64::MAX } else { opts.threshold };
        st.counters = [0; jc::NCOUNTERS];
        Runtime { opts }
    })
}

/// Called by the portal at `jit_merge_point` when a warm-up counter fired,
/// with the greens and reds of driver `driver` in the state's buffer.
/// Answers a [`crate::jitcode::status`]; with CONTINUE the buffer holds the
/// greens and reds to continue the portal with.
#[no_mangle]
pub extern "C" fn kiln_jit_merge_point(driver: u64) -> u64 {
    let first = {
        // SAFETY: plain read of the cell.
        unsafe { (*RUNTIME.0.get()).is_none() }
    };
    let rt = runtime();
    let st = state();
    st.pending = 0;
    if first || rt.opts.off {
        return jc::status::CONTINUE;
    }
    let _ = driver;
    // Nothing is compiled yet: keep this key from firing again.
    if let Some(p) = program::get() {
        if let Some(d) = p.drivers.get(driver as usize) {
            let idx = jc::counter_index(
                driver as u32,
                d.greens
                    .iter()
                    .enumerate()
                    .filter(|(_, &k)| k != jc::kind::REF)
                    .map(|(n, _)| st.buf[n]),
            );
            st.counters[idx] = i32::MIN / 2;
        }
    }
    jc::status::CONTINUE
}
