//! The loader and the builder never panic: each conformance program is
//! mutated (lines deleted or duplicated, chosen by a fixed-seed linear
//! congruential generator) and loaded and built under `catch_unwind`. A
//! mutant may be rejected with diagnostics; when it is accepted, its graphs
//! must satisfy the model's invariants.

mod flow_support;

use frontend::flow::build::build;
use frontend::load::load_program_partial;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Knuth's MMIX linear congruential generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `lines` with 1 to 3 random lines deleted or duplicated.
fn mutate(lines: &[&str], rng: &mut Lcg) -> String {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for _ in 0..1 + rng.below(3) {
        if out.is_empty() {
            break;
        }
        let i = rng.below(out.len());
        if rng.below(2) == 0 {
            out.remove(i);
        } else {
            let line = out[i].clone();
            out.insert(i, line);
        }
    }
    out.join("\n") + "\n"
}

/// What became of a mutant.
enum Outcome {
    /// Rejected with diagnostics.
    Rejected,
    /// Built, with valid graphs.
    Built,
    /// Built, with a graph that breaks an invariant.
    Invalid(String),
}

/// Loads and builds `path`.
fn load_and_build(path: &Path) -> Outcome {
    let (loaded, diags) = load_program_partial(path);
    if !diags.is_empty() {
        return Outcome::Rejected;
    }
    match build(&loaded) {
        Ok(program) => {
            let problems = flow_support::check_program(&program, &loaded.sources);
            if problems.is_empty() {
                Outcome::Built
            } else {
                Outcome::Invalid(problems.join("; "))
            }
        }
        Err(diags) => {
            assert!(diags.iter().all(|d| !d.message.is_empty()));
            Outcome::Rejected
        }
    }
}

/// Mutates every program of `dir` (except `helpers`, which are copied
/// beside the mutants so that imports resolve) `variants` times; returns
/// the failures.
fn check_mutants(dir: &Path, helpers: &[&str], seed: u64, variants: usize) -> Vec<String> {
    let scratch: PathBuf = std::env::temp_dir().join(format!(
        "kiln-flow-robustness-{}-{seed}",
        std::process::id()
    ));
    std::fs::create_dir_all(&scratch).expect("scratch directory");
    for helper in helpers {
        let from = dir.join(helper);
        if from.is_file() {
            std::fs::copy(&from, scratch.join(helper)).expect("copy helper");
        }
    }
    let mut programs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("program directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    programs.sort();
    let mut rng = Lcg(seed);
    let mut failures = Vec::new();
    let (mut built, mut rejected) = (0, 0);
    for program in &programs {
        let text = std::fs::read_to_string(program).expect("readable program");
        let lines: Vec<&str> = text.lines().collect();
        for variant in 0..variants {
            let mutant = mutate(&lines, &mut rng);
            let path = scratch.join(format!("mutant_{variant}.py"));
            std::fs::write(&path, &mutant).expect("write mutant");
            match catch_unwind(AssertUnwindSafe(|| load_and_build(&path))) {
                Ok(Outcome::Built) => built += 1,
                Ok(Outcome::Rejected) => rejected += 1,
                Ok(Outcome::Invalid(problem)) => failures.push(format!(
                    "{} variant {variant}: invalid graph: {problem}\n{mutant}",
                    program.display()
                )),
                Err(_) => failures.push(format!(
                    "{} variant {variant}: panicked\n{mutant}",
                    program.display()
                )),
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "{}: {built} mutants built, {rejected} rejected, {} failed",
        dir.display(),
        failures.len()
    );
    failures
}

#[test]
fn mutated_conformance_programs_never_panic() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(conformance) = ["../../shared/conformance", "../shared/conformance"]
        .iter()
        .map(|rel| crate_dir.join(rel))
        .find(|d| d.is_dir())
    else {
        println!("note: ../shared/conformance is absent; robustness not checked");
        return;
    };
    let failures = check_mutants(&conformance, &["conf_helper_util.py"], 0x6b696c6e, 12);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn mutated_test_programs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/flow");
    let failures = check_mutants(&dir, &["helper_module.py"], 0x666c6f77, 40);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
