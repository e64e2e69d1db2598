//! Building function bodies.
//!
//! ```
//! use core_ir::{builder::FunctionBuilder, Opcode, Imm, Program, Type, Cond};
//! let mut prog = Program::new();
//! let f = prog.declare_function("max", vec![Type::INT, Type::INT], Type::INT);
//! let mut b = FunctionBuilder::new(&mut prog, f);
//! let entry = b.entry_block();
//! let (x, y) = (b.block_params(entry)[0], b.block_params(entry)[1]);
//! let gt = b.op(Opcode::IntCmp, Imm::Cond(Cond::Gt), &[x, y]).unwrap();
//! let v = b.op(Opcode::Select, Imm::None, &[gt, x, y]).unwrap();
//! b.ret(Some(v));
//! b.finish();
//! assert!(core_ir::verify(&prog).is_ok());
//! ```

use crate::entities::{Block, FuncId, Inst, Type, Value};
use crate::function::{
    BlockArg, BlockCall, BlockData, Function, Imm, InstData, SourceLoc, Terminator, ValueData,
    ValueDef,
};
use crate::opcode::Opcode;
use crate::program::Program;
use crate::typing::infer_result;

/// Builds the body of one declared function. The function is taken out of
/// the program while it is built and put back by [`FunctionBuilder::finish`].
pub struct FunctionBuilder<'a> {
    /// The program being added to (for types, classes and other functions).
    pub prog: &'a mut Program,
    func: Function,
    id: FuncId,
    current: Option<Block>,
    loc: SourceLoc,
}

impl<'a> FunctionBuilder<'a> {
    /// Starts the body of declared function `id`, creating its entry block
    /// with one parameter per function parameter. Any existing body is dropped.
    pub fn new(prog: &'a mut Program, id: FuncId) -> Self {
        let declared = &prog.funcs[id];
        let mut func = Function::new(declared.name.clone(), declared.params.clone(), declared.ret);
        func.flags = declared.flags;
        let mut b = FunctionBuilder {
            prog,
            func,
            id,
            current: None,
            loc: SourceLoc::default(),
        };
        let entry = b.create_block();
        for t in b.func.params.clone() {
            b.append_block_param(entry, t);
        }
        b.current = Some(entry);
        b
    }

    /// The function being built.
    pub fn func(&self) -> &Function {
        &self.func
    }

    /// The entry block.
    pub fn entry_block(&self) -> Block {
        self.func.layout[0]
    }

    /// Creates a new empty block at the end of the layout.
    pub fn create_block(&mut self) -> Block {
        let b = self.func.blocks.push(BlockData::default());
        self.func.layout.push(b);
        b
    }

    /// Adds a parameter of type `ty` to block `b`.
    pub fn append_block_param(&mut self, b: Block, ty: Type) -> Value {
        let n = self.func.blocks[b].params.len() as u32;
        let v = self.func.values.push(ValueData {
            ty,
            def: ValueDef::Param(b, n),
        });
        self.func.blocks[b].params.push(v);
        v
    }

    /// The parameters of block `b`.
    pub fn block_params(&self, b: Block) -> &[Value] {
        &self.func.blocks[b].params
    }

    /// Makes `b` the block new instructions are appended to.
    pub fn switch_to_block(&mut self, b: Block) {
        self.current = Some(b);
    }

    /// The block instructions are appended to.
    pub fn current_block(&self) -> Option<Block> {
        self.current
    }

    /// Whether the current block already has a terminator.
    pub fn is_terminated(&self) -> bool {
        self.current
            .is_none_or(|b| self.func.blocks[b].term.is_some())
    }

    /// Sets the source location recorded on the following instructions.
    pub fn set_loc(&mut self, loc: SourceLoc) {
        self.loc = loc;
    }

    /// The type of value `v`.
    pub fn value_type(&self, v: Value) -> Type {
        self.func.values[v].ty
    }

    /// Appends an instruction with an explicit result type (`None`: no result).
    pub fn ins(
        &mut self,
        op: Opcode,
        imm: Imm,
        args: &[Value],
        result: Option<Type>,
    ) -> Option<Value> {
        let block = self.current.expect("no current block");
        let inst = self.func.insts.push(InstData {
            op,
            imm,
            args: args.to_vec(),
            result: None,
            catch: None,
        });
        let res = result.map(|ty| {
            self.func.values.push(ValueData {
                ty,
                def: ValueDef::Result(inst),
            })
        });
        self.func.insts[inst].result = res;
        if self.loc.line != 0 {
            self.func.locs[inst] = self.loc;
        }
        self.func.blocks[block].insts.push(inst);
        res
    }

    /// Appends an instruction whose result type follows from its operands
    /// (see [`infer_result`]); returns its result, if it has one.
    pub fn op(&mut self, op: Opcode, imm: Imm, args: &[Value]) -> Option<Value> {
        let tys: Vec<Type> = args.iter().map(|&a| self.func.values[a].ty).collect();
        let res = infer_result(self.prog, op, &imm, &tys);
        self.ins(op, imm, args, res)
    }

    /// Appends an instruction with a declared result type and returns the result.
    pub fn op_typed(&mut self, op: Opcode, imm: Imm, args: &[Value], ty: Type) -> Value {
        self.ins(op, imm, args, Some(ty))
            .expect("typed op has a result")
    }

    /// The last instruction of the current block.
    pub fn last_inst(&self) -> Option<Inst> {
        self.current
            .and_then(|b| self.func.blocks[b].insts.last().copied())
    }

    /// Gives instruction `inst` (the last of its block) an exception successor.
    pub fn set_catch(&mut self, inst: Inst, block: Block, args: Vec<BlockArg>) {
        self.func.insts[inst].catch = Some(BlockCall { block, args });
    }

    /// `iconst n`
    pub fn iconst(&mut self, n: i64) -> Value {
        self.op_typed(Opcode::Iconst, Imm::Int(n), &[], Type::INT)
    }

    /// `fconst x`
    pub fn fconst(&mut self, x: f64) -> Value {
        self.op_typed(Opcode::Fconst, Imm::Float(x), &[], Type::FLOAT)
    }

    /// `bconst b`
    pub fn bconst(&mut self, b: bool) -> Value {
        self.op_typed(Opcode::Bconst, Imm::Bool(b), &[], Type::BOOL)
    }

    /// `sconst "s"`
    pub fn sconst(&mut self, s: &str) -> Value {
        self.op_typed(Opcode::Sconst, Imm::Str(s.to_string()), &[], Type::STR)
    }

    fn terminate(&mut self, t: Terminator) {
        let block = self.current.expect("no current block");
        self.func.blocks[block].term = Some(t);
    }

    /// Ends the current block with `jump target(args)`.
    pub fn jump(&mut self, target: Block, args: &[Value]) {
        self.terminate(Terminator::Jump(BlockCall::new(target, args)));
    }

    /// Ends the current block with a two-way branch on a bool.
    pub fn branch(
        &mut self,
        cond: Value,
        then: Block,
        then_args: &[Value],
        els: Block,
        else_args: &[Value],
    ) {
        self.terminate(Terminator::Branch(
            cond,
            BlockCall::new(then, then_args),
            BlockCall::new(els, else_args),
        ));
    }

    /// Ends the current block with a switch on an int.
    pub fn switch(&mut self, value: Value, cases: Vec<(i64, BlockCall)>, default: BlockCall) {
        self.terminate(Terminator::Switch {
            value,
            cases,
            default,
        });
    }

    /// Ends the current block with a return.
    pub fn ret(&mut self, v: Option<Value>) {
        self.terminate(Terminator::Return(v));
    }

    /// Ends the current block by raising exception `v`.
    pub fn raise(&mut self, v: Value) {
        self.terminate(Terminator::Raise(v));
    }

    /// Ends the current block with `unreachable`.
    pub fn unreachable(&mut self) {
        self.terminate(Terminator::Unreachable);
    }

    /// Puts the finished function back into the program.
    pub fn finish(self) -> FuncId {
        self.prog.funcs[self.id] = self.func;
        self.id
    }
}
