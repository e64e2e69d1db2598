//! Start-up and shutdown of a native executable: the generated `main` calls
//! [`kiln_main`], which sets up the heap and the stacks, runs the program's
//! start-up code and entry point on a thread with a large stack, reports an
//! uncaught exception as `Name: message` on stderr (exit status 1), flushes
//! the streams and returns the exit status. `KILN_MAX_HEAP` (bytes, or
//! with a K/M/G suffix) bounds the heap; the default is three quarters of
//! the physical memory. Beyond it the program stops with `MemoryError`.

use crate::ctx::{ctx, program, set_program, type_desc, Roots};
use crate::layout::{ProgramDesc, ARRAY_DATA, LIST_ITEMS, TID_LIST_REF};
use crate::mem::{rd, tid, wr};
use crate::{gc, io, list, str_obj};

/// Native stack of the thread running the program.
const STACK_BYTES: usize = 256 << 20;
/// Stack kept free below the limit for the runtime's own calls.
const STACK_MARGIN: usize = 1 << 20;
/// Shadow-stack roots available.
const SHADOW_WORDS: usize = 8 << 20;

fn report_uncaught(e: usize) {
    ctx().exc = 0;
    let d = type_desc(tid(e));
    // SAFETY: `name` has `name_len` bytes of UTF-8.
    let name = unsafe { std::slice::from_raw_parts(d.name, d.name_len as usize) };
    let name = String::from_utf8_lossy(name).into_owned();
    let slot = program().str_slot as usize;
    // SAFETY: every exception class's vtable has `__str__` at `str_slot`.
    let f = unsafe { *d.vtable.add(slot) };
    let msg = if f == 0 {
        String::new()
    } else {
        // SAFETY: the slot holds `__str__(self) -> str`.
        let f: extern "C" fn(usize) -> usize = unsafe { std::mem::transmute(f) };
        let s = f(e);
        if ctx().exc != 0 {
            ctx().exc = 0;
            "<exception str() failed>".to_string()
        } else if s == 0 {
            "None".to_string()
        } else {
            str_obj::to_lossy(s)
        }
    };
    let line = if msg.is_empty() {
        format!("{name}\n")
    } else {
        format!("{name}: {msg}\n")
    };
    io::write_stderr_text(&line);
}

fn argv_list(args: &[String]) -> usize {
    let roots = Roots::new();
    let l = list::alloc(TID_LIST_REF, args.len()).unwrap_or_else(|| crate::fatal::out_of_memory());
    let rl = roots.push(l);
    for (i, a) in args.iter().enumerate() {
        let s = str_obj::from_str(a);
        wr(rd(roots.get(rl), LIST_ITEMS), ARRAY_DATA + 8 * i as i32, s);
    }
    roots.get(rl)
}

fn run(args: Vec<String>) -> i32 {
    let marker = 0u8;
    let top = &marker as *const u8 as usize;
    ctx().stack_limit = top - STACK_BYTES + STACK_MARGIN;
    let p = program();
    if p.startup != 0 {
        // SAFETY: the compiler stores the start-up function `() -> void`.
        let f: extern "C" fn() = unsafe { std::mem::transmute(p.startup) };
        f();
        let e = ctx().exc;
        if e != 0 {
            report_uncaught(e);
            return 1;
        }
    }
    let argv = argv_list(&args);
    // SAFETY: the compiler stores the entry point `(list<str>) -> int`.
    let f: extern "C" fn(usize) -> i64 = unsafe { std::mem::transmute(p.entry) };
    let status = f(argv);
    let e = ctx().exc;
    if e != 0 {
        report_uncaught(e);
        return 1;
    }
    if p.entry_returns_int != 0 {
        status as i32
    } else {
        0
    }
}

/// A size in bytes with an optional K, M or G suffix.
fn parse_size(v: &str) -> Option<usize> {
    let v = v.trim();
    let (num, mul) = match v.chars().last()? {
        'k' | 'K' => (&v[..v.len() - 1], 1 << 10),
        'm' | 'M' => (&v[..v.len() - 1], 1 << 20),
        'g' | 'G' => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    num.parse::<usize>().ok().map(|n| n * mul)
}

/// Runs the program described by `prog` with the process arguments; the
/// exit status.
///
/// # Safety
/// `prog` must point to the descriptor emitted by the Kiln compiler.
#[no_mangle]
pub unsafe extern "C" fn kiln_main(prog: *const ProgramDesc) -> i32 {
    set_program(prog);
    crate::str_ops::init_chars();
    let p = program();
    let limit = std::env::var("KILN_MAX_HEAP")
        .ok()
        .and_then(|v| parse_size(&v))
        .unwrap_or_else(gc::default_max_heap);
    gc::set_max_heap(limit);
    gc::init(p.gc, p.gc_stress != 0, SHADOW_WORDS);
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let status = match std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || run(args))
    {
        Ok(t) => t.join().unwrap_or(1),
        Err(_) => crate::fatal::die("cannot start the program thread"),
    };
    io::close_all();
    io::flush_stdout();
    status
}
