//! Unrecoverable run-time failures: a message on stderr and exit status 1
//! (after flushing what the program wrote to stdout).

/// Prints `kiln runtime: MSG` and exits with status 1.
pub fn die(msg: &str) -> ! {
    crate::io::flush_stdout();
    eprintln!("kiln runtime: {msg}");
    std::process::exit(1)
}

/// Heap exhaustion: prints `MemoryError` and exits with status 1.
pub fn out_of_memory() -> ! {
    crate::io::flush_stdout();
    eprintln!("MemoryError");
    std::process::exit(1)
}
