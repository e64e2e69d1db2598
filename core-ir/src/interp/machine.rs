//! The interpreter's state and its control flow: an explicit stack of frames
//! (no Rust recursion per Python call), registers of all frames in one
//! vector, edges with parallel moves, calls, returns, and exceptions taking
//! catch edges or unwinding to the caller.

use super::decode::{decode, Code, DFunc, DTerm, EXC_ARG, NONE};
use super::errors::{Flow, PyErr, R};
use super::io::Io;
use super::strings::PyStr;
use super::value::{Instance, Val};
use super::InterpError;
use crate::entities::{ClassId, FuncId};
use crate::program::{BuiltinClass, Program};
use crate::types::TypeData;
use cranelift_entity::EntityRef;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

/// How deeply built-in operations may nest calls back into the program
/// (`__eq__`/`__hash__` during a dict lookup, ...): each nesting uses Rust
/// stack (about 9 KiB unoptimized, 1 KiB optimized), so this is kept small
/// enough for a 1 MiB thread stack. Ordinary calls use no Rust stack.
const NATIVE_NESTING_LIMIT: usize = 64;

/// An activation of a function.
#[derive(Debug)]
pub struct Frame {
    /// The function's decoded code.
    pub func: Rc<DFunc>,
    /// Index of the frame's register 0 in [`Interp::stack`].
    pub base: usize,
    /// Code index of the current step (while a callee runs: the call).
    pub pc: u32,
}

/// What a class's instances need at run time, computed on first use.
#[derive(Debug)]
pub struct ClassInfo {
    /// Implementation of each method slot for exactly this class.
    pub vtable: Box<[Option<FuncId>]>,
    /// Field values of a new instance.
    pub template: Box<[Val]>,
    /// `__eq__` and `__hash__` when the class implements both.
    pub eq_hash: Option<(FuncId, FuncId)>,
    /// `__hash__`, if implemented.
    pub hash: Option<FuncId>,
    /// `__repr__`, if implemented.
    pub repr: Option<FuncId>,
}

/// What executing one instruction did to control flow.
pub enum Step {
    /// Go on with the next step of this frame.
    Next,
    /// A callee frame was pushed: run it.
    Entered,
}

/// The whole state of a run.
pub struct Interp<'p, 'io> {
    /// The program.
    pub prog: &'p Program,
    /// Standard streams and files.
    pub io: Io<'io>,
    /// Call depth at which RecursionError is raised.
    pub max_depth: usize,
    /// Registers of every frame, frame after frame.
    pub stack: Vec<Val>,
    /// Active frames, innermost last.
    pub frames: Vec<Frame>,
    /// Module globals.
    pub globals: Vec<Val>,
    /// Slot of each field (by field index) in the instances that have it.
    pub field_slots: Vec<u32>,
    /// Start of the run (origin of `time.perf_counter`).
    pub started: Instant,
    /// Reusable buffer for parallel moves.
    scratch: Vec<Val>,
    funcs: Vec<Option<Rc<DFunc>>>,
    classes: Vec<Option<Rc<ClassInfo>>>,
    next_id: u64,
    native_depth: usize,
    /// One-character strings for code points below 256.
    small_strs: Vec<Val>,
}

/// The zero value of type `t`: 0, 0.0, False, or None for references.
pub fn zero_of(prog: &Program, t: crate::entities::Type) -> Val {
    match prog.types.get(t) {
        TypeData::Int => Val::Int(0),
        TypeData::UInt => Val::UInt(0),
        TypeData::Float => Val::Float(0.0),
        TypeData::Bool => Val::Bool(false),
        _ => Val::None,
    }
}

impl<'p, 'io> Interp<'p, 'io> {
    /// A fresh state for running `prog`.
    pub fn new(prog: &'p Program, io: Io<'io>, max_depth: usize) -> Self {
        let mut field_slots = vec![0u32; prog.fields.len()];
        for (c, _) in prog.classes.iter() {
            for (slot, f) in prog.all_fields(c).into_iter().enumerate() {
                field_slots[f.index()] = slot as u32;
            }
        }
        Interp {
            prog,
            io,
            max_depth,
            stack: Vec::new(),
            frames: Vec::new(),
            globals: prog.globals.values().map(|g| zero_of(prog, g.ty)).collect(),
            field_slots,
            started: Instant::now(),
            scratch: Vec::new(),
            funcs: vec![None; prog.funcs.len()],
            classes: vec![None; prog.classes.len()],
            next_id: 1,
            native_depth: 0,
            small_strs: (0..256u32)
                .map(|c| Val::str(PyStr::from_cps(vec![c])))
                .collect(),
        }
    }

    /// A str value of the code points `cps` (shared for one Latin-1 character).
    pub fn make_str(&self, cps: Vec<u32>) -> Val {
        if cps.len() == 1 && cps[0] < 256 {
            return self.small_strs[cps[0] as usize].clone();
        }
        Val::str(PyStr::from_cps(cps))
    }

    /// The run-time facts of class `c`.
    pub fn class_info(&mut self, c: ClassId) -> Rc<ClassInfo> {
        if let Some(Some(info)) = self.classes.get(c.index()) {
            return info.clone();
        }
        let prog = self.prog;
        let mut vtable = match prog.classes[c].base {
            Some(b) if b != c => self.class_info(b).vtable.to_vec(),
            _ => vec![None; prog.methods.len()],
        };
        for &(m, f) in &prog.classes[c].methods {
            if let Some(f) = f {
                vtable[m.index()] = Some(f);
            }
        }
        let named = |name: &str| prog.find_method(c, name).and_then(|m| vtable[m.index()]);
        let (eq, hash, repr) = (named("__eq__"), named("__hash__"), named("__repr__"));
        let template = prog
            .all_fields(c)
            .into_iter()
            .map(|f| zero_of(prog, prog.fields[f].ty))
            .collect();
        let info = Rc::new(ClassInfo {
            eq_hash: eq.zip(hash),
            hash,
            repr,
            template,
            vtable: vtable.into(),
        });
        self.classes[c.index()] = Some(info.clone());
        info
    }

    /// A new instance of `c` with every field zero.
    pub fn new_instance(&mut self, c: ClassId) -> Rc<Instance> {
        let info = self.class_info(c);
        let id = self.next_id;
        self.next_id += 1;
        Rc::new(Instance {
            id,
            class: c,
            fields: RefCell::new(info.template.clone()),
        })
    }

    /// The exception instance for a built-in error.
    pub fn make_exc(&mut self, e: PyErr) -> Val {
        let obj = self.new_instance(e.class.id());
        let slot = self.field_slots[self.prog.message_field().index()] as usize;
        if let Some(f) = obj.fields.borrow_mut().get_mut(slot) {
            *f = Val::str(PyStr::from_str(&e.msg));
        }
        Val::Obj(obj)
    }

    /// The exception carried by `flow`, or the flow itself if it is a failure.
    pub fn exception(&mut self, flow: Flow) -> Result<Val, Flow> {
        match flow {
            Flow::Exc(v) => Ok(v),
            Flow::Py(e) => Ok(self.make_exc(e)),
            Flow::Fatal(_) | Flow::Failed(_) => Err(flow),
        }
    }

    /// The decoded form of `f`; an interpreter failure if it has no body.
    pub fn dfunc(&mut self, f: FuncId) -> R<Rc<DFunc>> {
        if let Some(Some(d)) = self.funcs.get(f.index()) {
            return Ok(d.clone());
        }
        match decode(self.prog, f, &self.field_slots) {
            Some(d) => {
                let d = Rc::new(d);
                self.funcs[f.index()] = Some(d.clone());
                Ok(d)
            }
            None => Err(Flow::Fatal(format!(
                "call of @{}, which has no body",
                self.prog.funcs[f].name
            ))),
        }
    }

    /// Pushes a frame for `f` (its registers None); returns it with its base.
    pub fn enter(&mut self, f: FuncId) -> R<(Rc<DFunc>, usize)> {
        if self.frames.len() >= self.max_depth {
            return Err(PyErr::new(
                BuiltinClass::RecursionError,
                "maximum recursion depth exceeded",
            )
            .into());
        }
        let d = self.dfunc(f)?;
        let base = self.stack.len();
        self.stack.resize(base + d.nregs, Val::None);
        self.frames.push(Frame {
            func: d.clone(),
            base,
            pc: 0,
        });
        Ok((d, base))
    }

    /// Calls `f` with `args` from Rust and runs it to completion (used at the
    /// top level and by operations that call back into the program).
    pub fn call_nested(&mut self, f: FuncId, args: Vec<Val>) -> R<Val> {
        if self.native_depth >= NATIVE_NESTING_LIMIT {
            return Err(PyErr::new(
                BuiltinClass::RecursionError,
                "maximum recursion depth exceeded",
            )
            .into());
        }
        let stop = self.frames.len();
        let (d, base) = self.enter(f)?;
        for (&p, v) in d.params.iter().zip(args) {
            self.stack[base + p as usize] = v;
        }
        self.native_depth += 1;
        let r = self.run_frames(stop);
        self.native_depth -= 1;
        r
    }

    /// Moves the arguments of edge `e` into its target's parameters; returns the target.
    pub fn take_edge(&mut self, f: &DFunc, base: usize, e: u32, exc: Option<&Val>) -> usize {
        let edge = &f.edges[e as usize];
        let (args, params, n) = (edge.args as usize, edge.params as usize, edge.n as usize);
        let moves = edge.moves;
        // Arguments that die on the edge are moved, so that a value held
        // only by its register stays uniquely owned (see `concat_in_place`).
        let fetch = |stack: &mut Vec<Val>, k: usize, a: u32| -> Val {
            if a == EXC_ARG {
                exc.cloned().unwrap_or_default()
            } else if k < 64 && moves & (1 << k) != 0 {
                std::mem::take(&mut stack[base + a as usize])
            } else {
                stack[base + a as usize].clone()
            }
        };
        if n == 1 {
            let v = fetch(&mut self.stack, 0, f.pool[args]);
            self.stack[base + f.pool[params] as usize] = v;
        } else if n > 1 {
            let mut tmp = std::mem::take(&mut self.scratch);
            for (k, &a) in f.pool[args..args + n].iter().enumerate() {
                tmp.push(fetch(&mut self.stack, k, a));
            }
            for (&p, v) in f.pool[params..params + n].iter().zip(tmp.drain(..)) {
                self.stack[base + p as usize] = v;
            }
            self.scratch = tmp;
        }
        edge.target as usize
    }

    fn located(&self, msg: String) -> Flow {
        let func = self
            .frames
            .last()
            .map(|fr| self.prog.funcs[fr.func.id].name.clone())
            .unwrap_or_default();
        Flow::Failed(InterpError { func, message: msg })
    }

    /// Pops frames until one whose current call has a catch edge takes `exc`,
    /// or until only `stop` frames are left (then the exception escapes).
    fn unwind(&mut self, exc: Val, stop: usize) -> R<()> {
        loop {
            if let Some(fr) = self.frames.pop() {
                self.stack.truncate(fr.base);
            }
            if self.frames.len() <= stop {
                return Err(Flow::Exc(exc));
            }
            let (func, base, pc) = match self.frames.last() {
                Some(top) => (top.func.clone(), top.base, top.pc as usize),
                None => return Err(Flow::Exc(exc)),
            };
            if let Code::Inst(inst) = &func.code[pc] {
                if inst.catch != NONE {
                    let target = self.take_edge(&func, base, inst.catch, Some(&exc));
                    if let Some(top) = self.frames.last_mut() {
                        top.pc = target as u32;
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Runs the frames above `stop` until the one at `stop` returns; its result.
    pub fn run_frames(&mut self, stop: usize) -> R<Val> {
        'frames: loop {
            let (func, base, mut pc) = match self.frames.last() {
                Some(fr) => (fr.func.clone(), fr.base, fr.pc as usize),
                None => return Ok(Val::None),
            };
            loop {
                match &func.code[pc] {
                    Code::Inst(inst) => match self.exec(&func, base, inst, pc) {
                        Ok(Step::Next) => pc += 1,
                        Ok(Step::Entered) => continue 'frames,
                        Err(flow) => {
                            let exc = match self.exception(flow) {
                                Ok(exc) => exc,
                                Err(Flow::Fatal(m)) => return Err(self.located(m)),
                                Err(other) => return Err(other),
                            };
                            if inst.catch != NONE {
                                pc = self.take_edge(&func, base, inst.catch, Some(&exc));
                            } else {
                                self.unwind(exc, stop)?;
                                continue 'frames;
                            }
                        }
                    },
                    Code::Term(t) => {
                        match t {
                            DTerm::Jump(e) => pc = self.take_edge(&func, base, *e, None),
                            DTerm::Branch(c, a, b) => {
                                let e = match &self.stack[base + *c as usize] {
                                    Val::Bool(true) => *a,
                                    Val::Bool(false) => *b,
                                    other => {
                                        return Err(self
                                            .located(format!("branch on a {}", other.type_name())))
                                    }
                                };
                                pc = self.take_edge(&func, base, e, None);
                            }
                            DTerm::Switch(v, table, default) => {
                                let e = match &self.stack[base + *v as usize] {
                                    Val::Int(k) => table.lookup(*k).unwrap_or(*default),
                                    other => {
                                        return Err(self
                                            .located(format!("switch on a {}", other.type_name())))
                                    }
                                };
                                pc = self.take_edge(&func, base, e, None);
                            }
                            DTerm::Return(r) => {
                                let v = if *r == NONE {
                                    Val::None
                                } else {
                                    std::mem::take(&mut self.stack[base + *r as usize])
                                };
                                self.frames.pop();
                                self.stack.truncate(base);
                                if self.frames.len() <= stop {
                                    return Ok(v);
                                }
                                if let Some(top) = self.frames.last_mut() {
                                    let caller = top.func.clone();
                                    if let Code::Inst(call) = &caller.code[top.pc as usize] {
                                        if call.result != NONE {
                                            self.stack[top.base + call.result as usize] = v;
                                        }
                                    }
                                    top.pc += 1;
                                }
                                continue 'frames;
                            }
                            DTerm::Raise(r) => {
                                let exc = match &self.stack[base + *r as usize] {
                                    Val::None => {
                                        let e = PyErr::new(
                                            BuiltinClass::TypeError,
                                            "exceptions must derive from BaseException",
                                        );
                                        self.make_exc(e)
                                    }
                                    v => v.clone(),
                                };
                                self.unwind(exc, stop)?;
                                continue 'frames;
                            }
                            DTerm::Unreachable => {
                                return Err(self.located("reached `unreachable`".into()))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `f` with `args` as a whole program phase (start-up or entry):
    /// `Ok(Ok(v))` on return, `Ok(Err(exc))` for an escaping exception.
    pub fn run_top(&mut self, f: FuncId, args: Vec<Val>) -> Result<Result<Val, Val>, InterpError> {
        match self.call_nested(f, args) {
            Ok(v) => Ok(Ok(v)),
            Err(Flow::Failed(e)) => Err(e),
            Err(Flow::Fatal(m)) => Err(InterpError {
                func: self.prog.funcs[f].name.clone(),
                message: m,
            }),
            Err(flow) => match self.exception(flow) {
                Ok(exc) => Ok(Err(exc)),
                Err(_) => Err(InterpError {
                    func: self.prog.funcs[f].name.clone(),
                    message: "lost exception".into(),
                }),
            },
        }
    }

    /// Prints an exception that escaped the program (`Name: message`).
    pub fn report_uncaught(&mut self, exc: &Val) -> Result<(), InterpError> {
        let Val::Obj(obj) = exc else {
            self.io
                .write_stderr_text("TypeError: exceptions must derive from BaseException\n");
            return Ok(());
        };
        let name = self.prog.classes[obj.class].name.clone();
        let str_fn = self.class_info(obj.class).vtable[self.prog.str_method().index()];
        let msg = match str_fn {
            None => String::new(),
            Some(f) => match self.call_nested(f, vec![exc.clone()]) {
                Ok(Val::Str(s)) => s.to_lossy(),
                Ok(_) => String::new(),
                Err(Flow::Failed(e)) => return Err(e),
                Err(_) => "<exception str() failed>".into(),
            },
        };
        let line = if msg.is_empty() {
            format!("{name}\n")
        } else {
            format!("{name}: {msg}\n")
        };
        self.io.write_stderr_text(&line);
        Ok(())
    }
}
