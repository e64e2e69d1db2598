//! The JIT's entry point, state, options and log (see the parent module).

use super::{codegen, interp, opt, program, trace};

use crate::ctx::ctx;
use crate::jitcode::{self as jc, JitState};
use crate::layout;
use interp::{Exit, Interp};
use std::cell::UnsafeCell;
use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};
use trace::{Arg, Trace};

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
    /// Failures of a guard before a bridge is traced from it, at most
    /// (see [`bridge_threshold`]).
    pub bridge_threshold: u64,
    /// Share of the run's time (percent) the JIT may spend tracing and
    /// compiling, beyond its first 30 ms (100: no limit).
    pub share: u32,
    /// Whether traces are written directly as machine code where they
    /// can be (`direct=0`: always through Cranelift).
    pub direct: bool,
    /// Log file, if any.
    pub log: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            off: false,
            threshold: 1000,
            trace_limit: 6000,
            bridge_threshold: BRIDGE_THRESHOLD,
            share: DEFAULT_SHARE,
            direct: true,
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
            ("bridge_threshold", Ok(n)) if n >= 1 => o.bridge_threshold = n as u64,
            ("share", Ok(n)) if (1..=100).contains(&n) => o.share = n as u32,
            ("direct", Ok(n)) if n == 0 || n == 1 => o.direct = n == 1,
            _ => eprintln!("kiln: ignoring KILN_JIT option `{part}`"),
        }
    }
    o
}

/// A compiled loop and what it was made from.
struct Loop {
    driver: u32,
    /// Reference greens: position and permanent root.
    green_refs: Vec<(usize, u32)>,
    trace: Trace,
    code: codegen::Compiled,
    fails: Vec<u64>,
    location: String,
    /// Per snapshot: the merge point's operands when the snapshot resumes
    /// the portal at its merge point (no interpretation needed).
    merge_exit: Vec<Option<Vec<Arg>>>,
    /// Per snapshot: a bridge was traced (or tried).
    bridge_tried: Vec<bool>,
    /// Per snapshot: times its bridge was not traced for the time share.
    throttled: Vec<u8>,
    /// Per snapshot: the bridge attached to it.
    bridge: Vec<Option<usize>>,
    /// Per merge-point snapshot whose greens are constants: the loop it
    /// continues in, once known.
    target: Vec<Option<usize>>,
}

/// Guard failures before a bridge is traced from a guard, by default
/// (`KILN_JIT=bridge_threshold=N`).
const BRIDGE_THRESHOLD: u64 = 200;

/// Failures of a guard before a bridge is traced from it: as many as
/// cost about what a trace has cost on average (tracing, optimizing and
/// compiling), at `FAILURE_COST` each, between a tenth of `max` (the
/// `bridge_threshold` option) and `max`. Where traces are cheap (the
/// Brainfuck interpreter's, at about 0.15 ms, get about 60) a guard that
/// keeps failing is bridged soon; where they are dear (long traces
/// through a Prolog or Smalltalk interpreter, or straight-line code that
/// runs once) the threshold stays `max`.
fn bridge_threshold(max: u64, stats: &Stats) -> u64 {
    let Some(per_trace) = stats.mean_trace_cost() else {
        return max;
    };
    let n = (per_trace / FAILURE_COST.as_secs_f64()).round() as u64;
    n.clamp((max / 10).max(1), max)
}

impl Stats {
    /// Seconds of tracing and compiling per trace, compiled or aborted, so
    /// far (`None` before the first).
    fn mean_trace_cost(&self) -> Option<f64> {
        let attempts = self.traces + self.aborts;
        (attempts > 0).then(|| (self.tracing + self.compiling).as_secs_f64() / attempts as f64)
    }
}

/// What one guard failure costs, about: resuming the interpreter from
/// the snapshot and running it to where compiled code takes over again.
const FAILURE_COST: Duration = Duration::from_micros(2);

/// The time share (percent) for a trace held back `strikes` times before
/// (a loop whose counter got hot again, a guard that failed
/// `BRIDGE_THRESHOLD` times more). Where traces have been cheap to make
/// (a mean cost per trace, compiled or aborted, below `HOT_TRACE_UNIT`),
/// each strike, up to `HOT_STRIKES_MAX`, adds the share again times
/// `HOT_TRACE_UNIT` over that mean cost, less one: demand that keeps
/// coming back is not kept waiting where each trace costs little (the
/// Brainfuck interpreter's, at about 0.4 ms, get up to about 20 times the
/// share). Strikes also count over the whole run, one per
/// `THROTTLES_PER_STRIKE` traces held back anywhere: demand held back in
/// many places (hundreds of loops and guards, each hot a few times)
/// opens the budget as demand coming back to one place does. Where a
/// trace costs `HOT_TRACE_UNIT` or more (long traces through a Prolog or
/// Smalltalk interpreter), the share stays as it is.
fn hot_share(share: u32, strikes: u8, stats: &Stats) -> u32 {
    let run_strikes = (stats.throttled / THROTTLES_PER_STRIKE).min(u8::MAX as u64) as u8;
    let strikes = strikes.max(run_strikes);
    let Some(per_trace) = stats.mean_trace_cost() else {
        return share;
    };
    let cheap = (HOT_TRACE_UNIT.as_secs_f64() / per_trace.max(1e-6) - 1.0).max(0.0);
    let f = 1.0 + strikes.min(HOT_STRIKES_MAX) as f64 * cheap;
    (share as f64 * f).min(100.0) as u32
}

/// See [`hot_share`].
const HOT_TRACE_UNIT: Duration = Duration::from_millis(2);
/// See [`hot_share`].
const HOT_STRIKES_MAX: u8 = 5;
/// See [`hot_share`].
const THROTTLES_PER_STRIKE: u64 = 4;

/// Tracing and compiling time the JIT may always spend.
const JIT_TIME_FREE: Duration = Duration::from_millis(30);
/// Beyond that, the share (percent) of the time since the first JIT call
/// it may spend by default (`KILN_JIT=share=N`): a program whose hot paths
/// are too long or too branchy to be worth compiling (each trace soon
/// leaving for the interpreter) then runs mostly as it would without the
/// JIT instead of compiling without end.
const DEFAULT_SHARE: u32 = 5;

#[derive(Default)]
struct Stats {
    traces: u64,
    aborts: u64,
    tracing: Duration,
    compiling: Duration,
    first_loop: Option<Duration>,
    guard_fails: u64,
    /// Time the interpreter ran after guard failures, from the snapshot to
    /// the next merge point (the work bridges save).
    resuming: Duration,
    /// Guard failures being resumed now (one may fail inside another's
    /// run: only the outermost is timed).
    resume_depth: u32,
    /// Traces not started because the JIT had used its share of the time.
    throttled: u64,
    /// Guards linked to other compiled code.
    linked: u64,
}

/// The `by_key` key of a driver's greens: `[driver, greens...]` (on the
/// stack for up to 7 greens).
fn with_key<R>(driver: u32, greens: &[u64], f: impl FnOnce(&[u64]) -> R) -> R {
    if greens.len() < 8 {
        let mut k = [0u64; 8];
        k[0] = driver as u64;
        k[1..=greens.len()].copy_from_slice(greens);
        f(&k[..=greens.len()])
    } else {
        let mut k = Vec::with_capacity(greens.len() + 1);
        k.push(driver as u64);
        k.extend_from_slice(greens);
        f(&k)
    }
}

struct Runtime {
    opts: Options,
    backend: Option<codegen::Backend>,
    loops: Vec<Loop>,
    /// The loop compiled for `[driver, greens...]`.
    by_key: super::hash::Map<Vec<u64>, usize>,
    /// Word buffers of `run_loop`, kept between entries.
    spare: Vec<Vec<u64>>,
    /// The collection count when `by_key` was last brought up to date.
    keyed_at: u64,
    bridges: HashMap<(usize, usize), usize>,
    backoff: HashMap<(u32, Vec<u64>), u32>,
    /// Per warm-up counter: times a loop from its key was not traced for
    /// the time share.
    loop_strikes: Vec<u8>,
    log: Option<std::fs::File>,
    stats: Stats,
    start: Instant,
}

struct RtCell(UnsafeCell<Option<Runtime>>);
// SAFETY: single-threaded.
unsafe impl Sync for RtCell {}
static RUNTIME: RtCell = RtCell(UnsafeCell::new(None));

struct ConstCell(UnsafeCell<Option<HashMap<u64, u32>>>);
// SAFETY: single-threaded.
unsafe impl Sync for ConstCell {}
static CONSTREFS: ConstCell = ConstCell(UnsafeCell::new(None));

fn constrefs() -> &'static mut HashMap<u64, u32> {
    // SAFETY: single-threaded; only the interpreter in use holds it.
    unsafe { (*CONSTREFS.0.get()).get_or_insert_with(HashMap::new) }
}

extern "C" {
    fn atexit(f: extern "C" fn()) -> i32;
}

extern "C" fn at_exit() {
    // SAFETY: single-threaded; the program has finished.
    let Some(rt) = (unsafe { (*RUNTIME.0.get()).as_mut() }) else {
        return;
    };
    let Some(log) = rt.log.as_mut() else { return };
    let s = &rt.stats;
    let _ = writeln!(log, "# summary");
    let _ = writeln!(
        log,
        "loops {} traces {} aborted {} guard_failures {} throttled {} linked {}",
        rt.loops.len(),
        s.traces,
        s.aborts,
        s.guard_fails,
        s.throttled,
        s.linked
    );
    let _ = writeln!(
        log,
        "tracing_ms {:.3} compiling_ms {:.3} resuming_ms {:.3} first_loop_ms {}",
        s.tracing.as_secs_f64() * 1e3,
        s.compiling.as_secs_f64() * 1e3,
        s.resuming.as_secs_f64() * 1e3,
        s.first_loop
            .map_or("-".to_string(), |d| format!("{:.3}", d.as_secs_f64() * 1e3))
    );
    for (k, l) in rt.loops.iter().enumerate() {
        let hot: Vec<String> = l
            .fails
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(g, n)| format!("#{g}:{n}"))
            .collect();
        let _ = writeln!(
            log,
            "loop {k} at {}: guard failures {}",
            l.location,
            if hot.is_empty() {
                "none".to_string()
            } else {
                hot.join(" ")
            }
        );
    }
    let _ = log.flush();
}

fn runtime() -> &'static mut Runtime {
    // SAFETY: single-threaded; initialized on first use.
    let cell = unsafe { &mut *RUNTIME.0.get() };
    cell.get_or_insert_with(|| {
        let spec = std::env::var("KILN_JIT").unwrap_or_default();
        let logname = std::env::var("KILN_JIT_LOG").ok().filter(|s| !s.is_empty());
        let opts = parse_options(&spec, logname.clone());
        let log = logname.and_then(|n| match std::fs::File::create(&n) {
            Ok(f) => Some(f),
            Err(e) => {
                eprintln!("kiln: cannot write the JIT log {n}: {e}");
                None
            }
        });
        if log.is_some() {
            // SAFETY: registering a plain C callback.
            unsafe { atexit(at_exit) };
        }
        // The code generator is made when the first trace is compiled.
        let backend = None;
        let st = state();
        st.threshold = if opts.off { i64::MAX } else { opts.threshold };
        st.counters = [0; jc::NCOUNTERS];
        Runtime {
            opts,
            backend,
            loops: Vec::new(),
            by_key: HashMap::default(),
            spare: Vec::new(),
            keyed_at: 0,
            bridges: HashMap::new(),
            backoff: HashMap::new(),
            loop_strikes: vec![0; jc::NCOUNTERS],
            log,
            stats: Stats::default(),
            start: Instant::now(),
        }
    })
}

/// Whether a loop is compiled for these greens of `driver`.
pub fn has_loop(driver: u32, greens: &[u64]) -> bool {
    // SAFETY: single-threaded.
    match unsafe { (*RUNTIME.0.get()).as_ref() } {
        Some(rt) => find_loop(rt, driver, greens).is_some(),
        None => false,
    }
}

/// Makes the next `can_enter_jit` with `greens` fire its warm-up counter
/// (the tracer found an inner loop there worth a loop of its own).
pub fn make_hot(driver: u32, greens: &[u64]) {
    let Some(p) = program::get() else { return };
    if p.drivers.get(driver as usize).is_none() {
        return;
    }
    let idx = counter_of(p, driver, greens);
    let st = state();
    let thr = st.threshold.clamp(1, i32::MAX as i64 / 2) as i32;
    // (Not a key held back after an aborted trace or by the budget.)
    if st.counters[idx] >= 0 {
        st.counters[idx] = st.counters[idx].max(thr - 1);
    }
}

/// Records that tracing was aborted (for the log).
pub fn note_abort(driver: u32, why: &str) {
    // SAFETY: single-threaded.
    if let Some(rt) = unsafe { (*RUNTIME.0.get()).as_mut() } {
        rt.stats.aborts += 1;
        if let Some(log) = rt.log.as_mut() {
            let _ = writeln!(log, "# abort driver {driver}: {why}");
        }
    }
}

fn counter_of(p: &program::JitProgram, driver: u32, greens: &[u64]) -> usize {
    let d = &p.drivers[driver as usize];
    jc::counter_index(
        driver,
        d.greens
            .iter()
            .zip(greens)
            .filter(|(&k, _)| k != jc::kind::REF)
            .map(|(_, &g)| g),
    )
}

/// Runs `f` (which may allocate) with the references of the state buffer
/// held as GC roots, so they are still current afterwards.
fn with_buffer_rooted<T>(p: &program::JitProgram, driver: u32, f: impl FnOnce() -> T) -> T {
    let d = &p.drivers[driver as usize];
    let kinds: Vec<u8> = d.greens.iter().chain(&d.reds).copied().collect();
    let roots = crate::ctx::Roots::new();
    let held: Vec<(usize, crate::ctx::Root)> = kinds
        .iter()
        .enumerate()
        .filter(|(_, &k)| k == jc::kind::REF)
        .map(|(n, _)| (n, roots.push(state().buf[n] as usize)))
        .collect();
    let r = f();
    for (n, root) in held {
        state().buf[n] = roots.get(root) as u64;
    }
    r
}

/// The printable location of `greens` (via `get_printable_location`).
fn location(p: &program::JitProgram, driver: u32, greens: &[u64]) -> String {
    let d = &p.drivers[driver as usize];
    let fallback = || format!("{}{:?}", d.name, greens);
    let Some(t) = p.thunks.get(d.printable as usize) else {
        return fallback();
    };
    let mut args: Vec<u64> = greens.to_vec();
    args.push(0);
    let s = t.call(&mut args);
    if ctx().exc != 0 {
        ctx().exc = 0;
        return fallback();
    }
    if s == 0 {
        return fallback();
    }
    crate::str_obj::view(s as usize)
        .to_vec()
        .into_iter()
        .filter_map(char::from_u32)
        .collect()
}

/// Brings the keys of loops with reference greens up to date after a
/// collection: a moving collector moves the green objects (which the JIT
/// holds as permanent roots), and a loop must still be found from the
/// objects' new addresses rather than be traced again.
fn rekey(rt: &mut Runtime) {
    let c = crate::gc::stats().collections;
    if c == rt.keyed_at {
        return;
    }
    rt.keyed_at = c;
    if rt.loops.iter().all(|l| l.green_refs.is_empty()) {
        return;
    }
    let old = std::mem::take(&mut rt.by_key);
    for (mut key, li) in old {
        for &(k, perm) in &rt.loops[li].green_refs {
            if let Some(w) = key.get_mut(1 + k) {
                *w = crate::gc::permanent(perm as usize) as u64;
            }
        }
        rt.by_key.insert(key, li);
    }
}

fn find_loop(rt: &Runtime, driver: u32, greens: &[u64]) -> Option<usize> {
    let li = with_key(driver, greens, |k| rt.by_key.get(k).copied())?;
    let l = &rt.loops[li];
    if l.driver != driver {
        return None;
    }
    for &(k, perm) in &l.green_refs {
        if crate::gc::permanent(perm as usize) as u64 != greens[k] {
            return None;
        }
    }
    Some(li)
}

/// For each snapshot of `t`: the merge point's operands, when the snapshot
/// resumes the portal right at its merge point.
fn merge_exits(p: &'static program::JitProgram, driver: u32, t: &Trace) -> Vec<Option<Vec<Arg>>> {
    let d = &p.drivers[driver as usize];
    let mut it = Interp::new(p, driver, constrefs());
    let ops = it.merge_operands();
    t.snaps
        .iter()
        .map(|s| {
            if s.exc || s.frames.len() != 1 {
                return None;
            }
            let f = &s.frames[0];
            if f.func != d.portal || f.pc != d.merge_pc {
                return None;
            }
            Some(
                ops.iter()
                    .map(|&o| {
                        if o & jc::OPND_TAG == jc::OPND_I || o & jc::OPND_TAG == jc::OPND_R {
                            f.regs.iter().find(|r| r.0 == o).map_or(Arg::C(0), |r| r.1)
                        } else {
                            it.const_operand(o)
                        }
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Calls compiled loop or bridge `li` with its inputs `vals`: the loop
/// (`li` or another one compiled code went on in) and guard that failed,
/// whose values are in `out`.
fn call_compiled(
    rt: &Runtime,
    li: usize,
    vals: &mut Vec<u64>,
    out: &mut Vec<u64>,
) -> (usize, usize) {
    let Some(enter) = rt.backend.as_ref().map(|b| b.enter) else {
        crate::fatal::die("JIT: compiled code without a backend");
    };
    let c = &rt.loops[li].code;
    if vals.len() < c.ninputs {
        vals.resize(c.ninputs, 0);
    }
    // Linked code writes its exits to the same buffer (at most
    // `OUT_WORDS`).
    let need = c.nout.max(codegen::OUT_WORDS);
    if out.len() < need {
        out.resize(need, 0);
    }
    // A bridge reads its reference inputs from the root slots of the guard
    // it leaves from, just above the shadow stack's top (see
    // `codegen::Compiled::input_slots`).
    let base = crate::ctx::ctx().ss_top;
    for (k, s) in c.input_slots.iter().enumerate() {
        if let Some(s) = *s {
            let at = base + 8 * s as usize;
            if at + 8 > crate::ctx::ctx().ss_limit {
                crate::fatal::die("shadow stack overflow");
            }
            // SAFETY: inside the shadow stack (checked above), above its
            // top: nothing else uses it until the call.
            unsafe { *(at as *mut u64) = vals[k] };
        }
    }
    let r = enter(c.code, vals.as_ptr(), out.as_mut_ptr());
    if r == codegen::EXIT_SHADOW_STACK_FULL {
        crate::fatal::die("shadow stack overflow");
    }
    ((r >> 32) as usize, (r & 0xffff_ffff) as usize)
}

/// Links guard `g` of loop `li` to loop `to` (see [`codegen::Link`]) when
/// both ends allow it.
fn link(rt: &mut Runtime, li: usize, g: usize, to: usize) {
    let (ninputs, nout, code) = {
        let c = &rt.loops[to].code;
        (c.ninputs, c.nout, c.code)
    };
    let bridge_inputs = rt.loops[to].trace.ninputs();
    if ninputs > codegen::OUT_WORDS || nout > codegen::OUT_WORDS {
        return;
    }
    let c = &mut rt.loops[li].code;
    let ok = match c.link.get(g) {
        Some(codegen::Link::Bridge) => bridge_inputs == c.exits[g].len(),
        Some(codegen::Link::Merge(reds)) => {
            reds.len() == ninputs && ninputs <= codegen::OUT_WORDS / 2
        }
        _ => false,
    };
    if ok && c.links[g] == 0 {
        c.links[g] = code as u64;
        rt.stats.linked += 1;
    }
}

/// Runs loop `li` from the reds in the buffer, following bridges and
/// jumps to other loops; when a guard without a bridge fails, goes on in
/// the blackhole interpreter to the next merge point.
///
/// These functions run code (compiled, ahead-of-time, the tracer's) that
/// may enter the JIT again and change the runtime (compile loops, moving
/// `loops`): they take the runtime afresh from [`runtime`] after each such
/// call instead of holding a `&mut Runtime` parameter across it.
fn run_loop(p: &'static program::JitProgram, li: usize) -> Exit {
    // Word buffers are reused from one entry to the next (a nested entry,
    // from a residual call into the portal, takes fresh ones).
    let mut bufs = std::mem::take(&mut runtime().spare);
    bufs.resize_with(2, Vec::new);
    let [mut vals, mut out]: [Vec<u64>; 2] = bufs.try_into().unwrap_or_default();
    let exit = run_loop_in(p, li, &mut vals, &mut out);
    runtime().spare = vec![vals, out];
    exit
}

fn run_loop_in(
    p: &'static program::JitProgram,
    li: usize,
    vals: &mut Vec<u64>,
    out: &mut Vec<u64>,
) -> Exit {
    let rt = runtime();
    let mut li = li;
    let driver = rt.loops[li].driver;
    let ng = p.drivers[driver as usize].greens.len();
    let nred = p.drivers[driver as usize].reds.len();
    vals.clear();
    vals.extend_from_slice(&state().buf[ng..ng + nred]);
    loop {
        let (at, g) = call_compiled(runtime(), li, vals, out);
        let rt = runtime();
        li = at;
        if li >= rt.loops.len() || g >= rt.loops[li].fails.len() {
            crate::fatal::die("JIT: compiled code left without a guard");
        }
        // The references among the exit values are still in the root
        // slots of the code that returned, whose roots area started at the
        // shadow stack's top (compiled code restores it): into `out` with
        // the others, before anything can collect.
        let base = crate::ctx::ctx().ss_top;
        for (k, s) in rt.loops[li].code.exit_slots[g].iter().enumerate() {
            if let Some(s) = *s {
                // SAFETY: a root slot of the code that just returned,
                // inside the shadow stack.
                out[k] = unsafe { *((base + 8 * s as usize) as *const u64) };
            }
        }
        if let Some(b) = rt.loops[li].bridge[g] {
            // (The bridge makes the guard's virtuals itself.)
            let n = rt.loops[li].code.exits[g].len();
            vals.clear();
            vals.extend_from_slice(&out[..n]);
            li = b;
            continue;
        }
        let l = &mut rt.loops[li];
        l.fails[g] += 1;
        rt.stats.guard_fails += 1;
        let t0 = Instant::now();
        let made = materialize(&l.trace, g, &l.code.exits[g], out);
        let exits = &l.code.exits[g];
        let value = |a: Arg| match a {
            Arg::V(x) => exits.iter().position(|&e| e == x).map_or(0, |k| out[k]),
            Arg::Virt(i) => made.get(i as usize).copied().unwrap_or(0),
            other => interp::const_value(other),
        };
        if let Some(m) = &l.merge_exit[g] {
            // Straight to the merge point: maybe into another loop.
            let st = state();
            for (k, &a) in m.iter().enumerate() {
                st.buf[k] = value(a);
            }
            if let Some(n) = l.target[g] {
                link(rt, li, g, n);
                vals.clear();
                vals.extend_from_slice(&state().buf[ng..ng + nred]);
                li = n;
                continue;
            }
            let fixed = m[..ng].iter().all(|a| matches!(a, Arg::C(_) | Arg::R(_)));
            rekey(rt);
            match find_loop(rt, driver, &st.buf[..ng]) {
                Some(n) => {
                    if fixed {
                        rt.loops[li].target[g] = Some(n);
                        link(rt, li, g, n);
                    }
                    vals.clear();
                    vals.extend_from_slice(&state().buf[ng..ng + nred]);
                    li = n;
                    continue;
                }
                None => {
                    // A hot way into a merge point without a loop: trace it.
                    if rt.loops[li].fails[g]
                        >= bridge_threshold(rt.opts.bridge_threshold, &rt.stats)
                        && !rt.loops[li].bridge_tried[g]
                    {
                        let share = hot_share(rt.opts.share, rt.loops[li].throttled[g], &rt.stats);
                        if over_budget(&mut rt.stats, rt.start, share) {
                            rt.loops[li].fails[g] = 0;
                            rt.loops[li].throttled[g] = rt.loops[li].throttled[g].saturating_add(1);
                            return Exit::Continue;
                        }
                        rt.loops[li].bridge_tried[g] = true;
                        return trace_and_compile(p, driver);
                    }
                    return Exit::Continue;
                }
            }
        }
        let wants_bridge = l.fails[g] >= bridge_threshold(rt.opts.bridge_threshold, &rt.stats)
            && !l.bridge_tried[g]
            && !l.trace.snaps[g].exc;
        let share = hot_share(rt.opts.share, l.throttled[g], &rt.stats);
        if wants_bridge && over_budget(&mut rt.stats, rt.start, share) {
            l.fails[g] = 0;
            l.throttled[g] = l.throttled[g].saturating_add(1);
        } else if wants_bridge {
            l.bridge_tried[g] = true;
            let exits = l.code.exits[g].clone();
            let kinds: Vec<u8> = exits
                .iter()
                .map(|&x| l.trace.ops[x as usize].kind)
                .collect();
            let vals_now: Vec<u64> = out[..exits.len()].to_vec();
            let snap = l.trace.snaps[g].clone();
            return trace_bridge(p, li, g, &snap, &exits, &kinds, &vals_now, &made);
        }
        // Resuming runs no program code: the snapshot is read in place.
        rt.stats.resume_depth += 1;
        let mut it = Interp::new(p, driver, constrefs());
        let e = match it.resume(&l.trace.snaps[g], &value) {
            Some(e) => e,
            None => it.run(),
        };
        let s = &mut runtime().stats;
        s.resume_depth -= 1;
        if s.resume_depth == 0 {
            s.resuming += t0.elapsed();
        }
        return e;
    }
}

/// Makes the virtual objects of snapshot `g` of `t` after that guard
/// failed with the values `exits` in `out`; the objects, in the order of
/// the snapshot's virtuals. Allocating may collect: meanwhile the
/// references among `out` and the new objects are held as roots, and `out`
/// is brought up to date after a moving collection.
fn materialize(t: &Trace, g: usize, exits: &[u32], out: &mut [u64]) -> Vec<u64> {
    let s = &t.snaps[g];
    if s.virtuals.is_empty() {
        return Vec::new();
    }
    let roots = crate::ctx::Roots::new();
    let held: Vec<Option<crate::ctx::Root>> = exits
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            (t.ops[x as usize].kind == jc::kind::REF).then(|| roots.push(out[k] as usize))
        })
        .collect();
    let objs: Vec<crate::ctx::Root> = s
        .virtuals
        .iter()
        .map(|v| {
            let o = crate::gc::alloc(v.tid, v.size as usize);
            if matches!(v.tid, layout::TID_ARRAY_RAW | layout::TID_ARRAY_REF) {
                // Its capacity now: the next allocation may collect, and a
                // collector takes an array's size from it.
                let cap = crate::gc::trace::array_cap(v.size as usize);
                crate::mem::wr(o, layout::ARRAY_CAP, cap);
            }
            roots.push(o)
        })
        .collect();
    for (v, &o) in s.virtuals.iter().zip(&objs) {
        let p = roots.get(o);
        for &(off, a) in &v.fields {
            let w = match a {
                Arg::V(x) => match exits.iter().position(|&e| e == x) {
                    Some(k) => match held[k] {
                        Some(r) => roots.get(r) as u64,
                        None => out[k],
                    },
                    None => 0,
                },
                Arg::Virt(j) => objs.get(j as usize).map_or(0, |&r| roots.get(r) as u64),
                other => interp::const_value(other),
            };
            // SAFETY: `p` is a new object of `v.size` bytes with a field at `off`.
            unsafe { *((p + off as usize) as *mut u64) = w };
        }
    }
    for (k, r) in held.iter().enumerate() {
        if let Some(r) = r {
            out[k] = roots.get(*r) as u64;
        }
    }
    objs.iter().map(|&r| roots.get(r) as u64).collect()
}

/// Traces a bridge from guard `g` of loop `li` and attaches it.
#[allow(clippy::too_many_arguments)]
fn trace_bridge(
    p: &'static program::JitProgram,
    li: usize,
    g: usize,
    snap: &trace::Snapshot,
    exits: &[u32],
    kinds: &[u8],
    vals: &[u64],
    made: &[u64],
) -> Exit {
    let driver = runtime().loops[li].driver;
    let t0 = Instant::now();
    let mut it = Interp::new(p, driver, constrefs());
    it.start_bridge(snap, exits, kinds, vals, made, runtime().opts.trace_limit);
    let exit = it.run();
    let rt = runtime();
    rt.stats.tracing += t0.elapsed();
    if exit != Exit::LoopClosed {
        return exit;
    }
    let Some(rec) = it.rec.take() else {
        return Exit::Continue;
    };
    let location = format!("bridge from guard #{g} of loop {li}");
    let input_slots = rt.loops[li].code.exit_slots[g].clone();
    if let Some(b) = install(rt, p, driver, rec.trace, location, t0, &input_slots) {
        rt.bridges.insert((li, g), b);
        rt.loops[li].bridge[g] = Some(b);
        link(rt, li, g, b);
    }
    Exit::Continue
}

/// Optimizes, compiles and records a trace; its index in the loops.
fn install(
    rt: &mut Runtime,
    p: &'static program::JitProgram,
    driver: u32,
    raw: Trace,
    location: String,
    t0: Instant,
    input_slots: &[Option<u32>],
) -> Option<usize> {
    rt.stats.traces += 1;
    let t1 = Instant::now();
    let keeps = |t: u32| {
        p.thunks.get(t as usize).is_some_and(|t| {
            let f = t.flags;
            f & jc::tflag::NO_FIELD_WRITES != 0 && f & jc::tflag::NO_LIST_WRITES != 0
        })
    };
    let field = |r: u32, off: u32, k: u8| {
        let obj = crate::gc::permanent(r as usize);
        // SAFETY: a constant object of the trace, whose immutable field
        // at `off` the tracer loaded.
        let v = unsafe { *((obj + off as usize) as *const u64) };
        Some(if k == jc::kind::REF {
            interp::ref_const(constrefs(), v)
        } else {
            Arg::C(v)
        })
    };
    let tid = |r: u32| Some(interp::tid_of(crate::gc::permanent(r as usize) as u64));
    let appends = |t: u32| {
        p.thunks
            .get(t as usize)
            .is_some_and(|t| t.flags & jc::tflag::LIST_APPEND != 0)
    };
    let env = opt::Env {
        keeps_heap: &keeps,
        const_field: &field,
        const_tid: &tid,
        appends: &appends,
    };
    let optimized = opt::optimize(&raw, &env);
    if rt.backend.is_none() {
        match codegen::Backend::new() {
            Ok(mut b) => {
                b.direct = rt.opts.direct;
                rt.backend = Some(b);
            }
            Err(e) => {
                eprintln!("kiln: the JIT is off: {e}");
                rt.opts.off = true;
                state().threshold = i64::MAX;
                return None;
            }
        }
    }
    let merge_exit = merge_exits(p, driver, &optimized);
    let ng = p.drivers[driver as usize].greens.len();
    let links: Vec<codegen::Link> = optimized
        .snaps
        .iter()
        .zip(&merge_exit)
        .map(|(s, m)| match m {
            Some(m) => {
                let fixed = m[..ng].iter().all(|a| matches!(a, Arg::C(_) | Arg::R(_)));
                let reds = &m[ng..];
                if fixed && !reds.iter().any(|a| matches!(a, Arg::Virt(_))) {
                    codegen::Link::Merge(reds.to_vec())
                } else {
                    codegen::Link::None
                }
            }
            None if !s.exc => codegen::Link::Bridge,
            None => codegen::Link::None,
        })
        .collect();
    let li = rt.loops.len();
    let be = rt.backend.as_mut()?;
    let compiled = codegen::compile(
        be,
        &optimized,
        &|t| p.thunks.get(t as usize).map_or(0, |t| t.addr),
        li as u32,
        links,
        input_slots,
    );
    let compile_time = t1.elapsed();
    rt.stats.compiling += compile_time;
    let code = match compiled {
        Ok(c) => c,
        Err(e) => {
            note_abort(driver, &format!("compilation failed: {e}"));
            return None;
        }
    };
    if rt.stats.first_loop.is_none() {
        rt.stats.first_loop = Some(rt.start.elapsed());
    }
    if let Some(log) = rt.log.as_mut() {
        let names = |t: u32| p.thunk_label(t);
        let _ = writeln!(
            log,
            "# loop {li} driver {} at {location}",
            p.drivers[driver as usize].name
        );
        let _ = writeln!(
            log,
            "# trace {} ops, optimized {} ops, {} guards, tracing {:.3} ms, compiling {:.3} ms, {} bytes{}",
            raw.ops.len(),
            optimized.ops.len(),
            optimized.snaps.len(),
            t1.duration_since(t0).as_secs_f64() * 1e3,
            compile_time.as_secs_f64() * 1e3,
            code.size,
            if code.direct { ", direct" } else { "" }
        );
        let _ = writeln!(log, "## before optimization");
        let _ = write!(log, "{}", raw.render(&names));
        let _ = writeln!(log, "## after optimization");
        let _ = write!(log, "{}", optimized.render(&names));
        let _ = log.flush();
    }
    let nsnaps = optimized.snaps.len();
    rt.loops.push(Loop {
        driver,
        green_refs: Vec::new(),
        trace: optimized,
        code,
        fails: vec![0; nsnaps],
        location,
        merge_exit,
        bridge_tried: vec![false; nsnaps],
        throttled: vec![0; nsnaps],
        bridge: vec![None; nsnaps],
        target: vec![None; nsnaps],
    });
    Some(li)
}

/// Whether the JIT has used its share of the run's time (then no new trace
/// is started; counters and failure counts start over, so it tries again
/// later, when the share allows). Guard failures are overhead that bridges
/// remove: the JIT may spend as much again as they have cost on top of its
/// share (the time the interpreter ran after them, or `FAILURE_COST` each,
/// whichever is more).
fn over_budget(stats: &mut Stats, start: Instant, share: u32) -> bool {
    let failures = FAILURE_COST.saturating_mul(stats.guard_fails.min(u32::MAX as u64) as u32);
    let spent = (stats.tracing + stats.compiling).saturating_sub(stats.resuming.max(failures));
    let over = share < 100
        && spent > JIT_TIME_FREE
        && spent.as_secs_f64() * 100.0 > share as f64 * start.elapsed().as_secs_f64();
    if over {
        stats.throttled += 1;
    }
    over
}

/// Traces from the merge point (greens and reds in the buffer); compiles
/// the loop when it closes.
fn trace_and_compile(p: &'static program::JitProgram, driver: u32) -> Exit {
    let ng = p.drivers[driver as usize].greens.len();
    let greens: Vec<u64> = state().buf[..ng].to_vec();
    let t0 = Instant::now();
    let mut it = Interp::new(p, driver, constrefs());
    it.start_trace(runtime().opts.trace_limit);
    let exit = it.run();
    let rt = runtime();
    rt.stats.tracing += t0.elapsed();
    let key = (driver, greens.clone());
    let idx = counter_of(p, driver, &greens);
    if exit != Exit::LoopClosed {
        let n = rt.backoff.entry(key).or_insert(0);
        *n += 1;
        let wait = (rt.opts.threshold.saturating_mul(1 << (*n).min(20))).min(1 << 30);
        state().counters[idx] = -(wait as i32);
        return exit;
    }
    let Some(rec) = it.rec.take() else {
        return Exit::Continue;
    };
    // The greens as they are now (a collection during tracing may have
    // moved the objects among them).
    let greens: Vec<u64> = rec
        .green_args
        .iter()
        .map(|&a| interp::const_value(a))
        .collect();
    let location = if rt.log.is_some() {
        with_buffer_rooted(p, driver, || location(p, driver, &greens))
    } else {
        String::new()
    };
    // `get_printable_location` ran program code, which may have moved the
    // green objects: their addresses afresh.
    let greens: Vec<u64> = rec
        .green_args
        .iter()
        .map(|&a| interp::const_value(a))
        .collect();
    let rt = runtime();
    let Some(li) = install(rt, p, driver, rec.trace, location, t0, &[]) else {
        state().counters[idx] = i32::MIN / 2;
        return Exit::Continue;
    };
    let kinds = &p.drivers[driver as usize].greens;
    for (k, &kd) in kinds.iter().enumerate() {
        if kd == jc::kind::REF {
            if let Arg::R(perm) = interp::ref_const(constrefs(), greens[k]) {
                rt.loops[li].green_refs.push((k, perm));
            }
        }
    }
    with_key(driver, &greens, |k| rt.by_key.insert(k.to_vec(), li));
    state().counters[idx] = i32::MAX / 2;
    Exit::LoopClosed
}

/// Called by the portal at `jit_merge_point` when a warm-up counter fired,
/// with the greens and reds of driver `driver` in the state's buffer.
/// Answers a [`crate::jitcode::status`]; with CONTINUE the buffer holds the
/// greens and reds to continue the portal with.
#[no_mangle]
pub extern "C" fn kiln_jit_merge_point(driver: u64) -> u64 {
    let first_call = {
        // SAFETY: plain read of the cell.
        unsafe { (*RUNTIME.0.get()).is_none() }
    };
    let rt = runtime();
    let st = state();
    st.pending = 0;
    if rt.opts.off {
        return jc::status::CONTINUE;
    }
    let Some(p) = program::get() else {
        rt.opts.off = true;
        st.threshold = i64::MAX;
        return jc::status::CONTINUE;
    };
    let driver = driver as u32;
    let Some(d) = p.drivers.get(driver as usize) else {
        return jc::status::CONTINUE;
    };
    let ng = d.greens.len();
    if first_call && rt.opts.threshold > 1 {
        return jc::status::CONTINUE;
    }
    let mut traced = false;
    loop {
        // Afresh at each turn: the previous one ran program code.
        let rt = runtime();
        rekey(rt);
        let found = find_loop(rt, driver, &state().buf[..ng]);
        let exit = if let Some(li) = found {
            run_loop(p, li)
        } else if traced {
            return jc::status::CONTINUE;
        } else {
            let greens: Vec<u64> = state().buf[..ng].to_vec();
            // A stale key (a reference green moved): forget it.
            with_key(driver, &greens, |k| rt.by_key.remove(k));
            let idx = counter_of(p, driver, &greens);
            let share = hot_share(rt.opts.share, rt.loop_strikes[idx], &rt.stats);
            if over_budget(&mut rt.stats, rt.start, share) {
                rt.loop_strikes[idx] = rt.loop_strikes[idx].saturating_add(1);
                let wait = rt.opts.threshold.min(1 << 30);
                state().counters[idx] = -(wait as i32);
                return jc::status::CONTINUE;
            }
            trace_and_compile(p, driver)
        };
        traced = true;
        match exit {
            Exit::Continue | Exit::LoopClosed => continue,
            Exit::Return(v) => {
                state().buf[0] = v;
                return jc::status::RETURN;
            }
            Exit::Raise => return jc::status::RAISE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stats after `traces` traces costing `ms` milliseconds in all.
    fn spent(traces: u64, ms: u64) -> Stats {
        Stats {
            traces,
            compiling: Duration::from_millis(ms),
            ..Stats::default()
        }
    }

    #[test]
    fn guard_failures_widen_the_budget() {
        // A second into the run, 100 ms spent: over a 5% share.
        let start = Instant::now() - Duration::from_secs(1);
        let mut s = spent(10, 100);
        assert!(over_budget(&mut s, start, 5));
        assert_eq!(s.throttled, 1);
        // 30,000 guard failures have cost about 60 ms: 40 ms is within it.
        s.guard_fails = 30_000;
        assert!(!over_budget(&mut s, start, 5));
        // As has 70 ms of the interpreter resuming after fewer failures.
        s.guard_fails = 10;
        s.resuming = Duration::from_millis(70);
        assert!(!over_budget(&mut s, start, 5));
        s.resuming = Duration::from_millis(20);
        assert!(over_budget(&mut s, start, 5));
        // No limit at 100%.
        assert!(!over_budget(&mut spent(10, 900), start, 100));
    }

    #[test]
    fn options_parse() {
        let o = parse_options(
            "threshold=7, trace_limit=300,bridge_threshold=20,share=50,direct=0",
            None,
        );
        assert!(!o.direct);
        assert!(Options::default().direct);
        assert_eq!(
            (
                o.off,
                o.threshold,
                o.trace_limit,
                o.bridge_threshold,
                o.share
            ),
            (false, 7, 300, 20, 50)
        );
        // Bad values keep the defaults.
        let d = Options::default();
        let o = parse_options("threshold=0,bridge_threshold=x,share=101,what", None);
        assert_eq!(
            (o.threshold, o.bridge_threshold, o.share),
            (d.threshold, d.bridge_threshold, d.share)
        );
        assert!(parse_options("off", None).off);
    }

    #[test]
    fn bridge_threshold_follows_the_cost_of_traces() {
        // Nothing known yet: the option's value.
        assert_eq!(bridge_threshold(200, &spent(0, 0)), 200);
        // 0.2 ms a trace: 100 failures of 2 us.
        assert_eq!(bridge_threshold(200, &spent(10, 2)), 100);
        // Cheaper: not below a tenth of the option's value.
        assert_eq!(bridge_threshold(200, &spent(100, 1)), 20);
        // Dearer: not above it.
        assert_eq!(bridge_threshold(200, &spent(10, 50)), 200);
        assert_eq!(bridge_threshold(5, &spent(100, 1)), 5);
    }

    #[test]
    fn hot_share_grows_with_strikes_where_traces_are_cheap() {
        // Never held back: the share itself.
        assert_eq!(hot_share(5, 0, &spent(10, 5)), 5);
        // Half a millisecond per trace: each strike adds 3 shares.
        assert_eq!(hot_share(5, 1, &spent(10, 5)), 20);
        assert_eq!(hot_share(5, 3, &spent(10, 5)), 50);
        // At most five strikes count, and the share is at most 100.
        assert_eq!(hot_share(2, 9, &spent(10, 5)), 32);
        assert_eq!(hot_share(20, 9, &spent(10, 5)), 100);
        // Two milliseconds or more per trace: the share itself.
        assert_eq!(hot_share(10, 5, &spent(4, 8)), 10);
        assert_eq!(hot_share(10, 5, &spent(4, 40)), 10);
        // No trace yet: nothing known, the share itself.
        assert_eq!(hot_share(5, 1, &spent(0, 0)), 5);
        // Traces held back anywhere count: one strike per four.
        let mut s = spent(10, 5);
        s.throttled = 8;
        assert_eq!(hot_share(5, 0, &s), 35);
        assert_eq!(hot_share(5, 3, &s), 50);
        // Aborted traces count among the attempts: 4 at 1 ms each.
        let mut s = spent(2, 4);
        s.aborts = 2;
        assert_eq!(hot_share(10, 5, &s), 60);
    }
}
