using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

internal sealed partial class ThreadLowering
{
    private void LowerInstr(LInstr ins)
    {
        switch (ins)
        {
            case PhiInstr:
                return;
            case BinaryInstr b:
                Binary(b);
                return;
            case ICmpInstr c:
                ICmp(c);
                return;
            case CastInstr c:
                Cast(c);
                return;
            case FreezeInstr f:
                Mov(Value(f.Result!), Use(f.Value.Value, f.Value.Type));
                return;
            case SelectInstr s:
                {
                    int c = Use(s.Cond.Value, s.Cond.Type);
                    int a = Use(s.IfTrue.Value, s.IfTrue.Type), b = Use(s.IfFalse.Value, s.IfFalse.Type);
                    Alu(AluOp.Sub, Reg.Zero, c, Operand2.Immediate(0), flags: true);
                    Emit(Make(Opcode.Csel, "csel") with { Rd = Value(s.Result!), Rn = a, Rm = b, Cond = CondCode.Ne });
                    return;
                }
            case AllocaInstr a:
                Alloca(a);
                return;
            case LoadInstr l:
                Load(l);
                return;
            case StoreInstr s:
                Store(s);
                return;
            case GetElementPtrInstr g:
                Gep(g);
                return;
            case CmpXchgInstr x:
                CmpXchg(x);
                return;
            case AtomicRmwInstr r:
                AtomicRmw(r);
                return;
            case FenceInstr f:
                if (f.SyncScope != "singlethread")
                {
                    Emit(Make(Opcode.Fence, f.Ordering == "acquire" ? "dmb ishld" : "dmb ish") with { Fence = f.Ordering == "acquire" ? FenceKind.DmbLd : FenceKind.DmbFull });
                }
                return;
            case ExtractValueInstr e:
                {
                    if (e.Aggregate.Value is not LocalRef l || e.Indices.Count != 1 || e.Indices[0] > 1)
                    {
                        throw module.Error(ins, "extractvalue is supported only on the result of cmpxchg and of the overflow intrinsics", unsupported: true);
                    }
                    Mov(Value(e.Result!), Value(e.Indices[0] == 0 ? l.Name : l.Name + "#1"));
                    return;
                }
            case CallInstr call:
                Call(call);
                return;
            case BrInstr or CondBrInstr or SwitchInstr or RetInstr or UnreachableInstr:
                Terminator(ins);
                return;
            case UnsupportedInstr u:
                throw module.Error(ins, $"unsupported LLVM instruction '{u.Opcode}'", unsupported: true);
            default:
                throw module.Error(ins, $"unsupported LLVM instruction {ins.GetType().Name.Replace("Instr", "", StringComparison.Ordinal).ToLowerInvariant()}", unsupported: true);
        }
    }

    private void Binary(BinaryInstr b)
    {
        int bits = Bits(b.Type);
        int x = Use(b.Left, b.Type), y = Use(b.Right, b.Type), rd = Value(b.Result!);
        switch (b.Op)
        {
            case "add" or "sub" or "mul" or "and" or "or" or "xor" or "shl":
                var op = b.Op switch
                {
                    "add" => AluOp.Add,
                    "sub" => AluOp.Sub,
                    "mul" => AluOp.Mul,
                    "and" => AluOp.And,
                    "or" => AluOp.Orr,
                    "xor" => AluOp.Eor,
                    _ => AluOp.Lsl,
                };
                Alu(op, rd, x, Operand2.Register(y));
                Mask(rd, bits);
                return;
            case "lshr":
                Alu(AluOp.Lsr, rd, x, Operand2.Register(y));
                return;
            case "udiv":
                Alu(AluOp.UDiv, rd, x, Operand2.Register(y));
                return;
            case "urem":
                {
                    int q = NewReg();
                    Alu(AluOp.UDiv, q, x, Operand2.Register(y));
                    Alu(AluOp.MSub, rd, q, Operand2.Register(y), rm: x);
                    return;
                }
            case "ashr" or "sdiv" or "srem":
                {
                    int sx = NewReg(), sy = NewReg();
                    SignExtend(sx, x, bits);
                    SignExtend(sy, y, bits);
                    if (b.Op == "ashr")
                    {
                        Alu(AluOp.Asr, rd, sx, Operand2.Register(y));
                    }
                    else if (b.Op == "sdiv")
                    {
                        Alu(AluOp.SDiv, rd, sx, Operand2.Register(sy));
                    }
                    else
                    {
                        int q = NewReg();
                        Alu(AluOp.SDiv, q, sx, Operand2.Register(sy));
                        Alu(AluOp.MSub, rd, q, Operand2.Register(sy), rm: sx);
                    }
                    Mask(rd, bits);
                    return;
                }
            default:
                throw module.Error(b, $"unsupported LLVM instruction '{b.Op}'", unsupported: true);
        }
    }

    private void ICmp(ICmpInstr c)
    {
        int bits = Bits(c.Type);
        int x = Use(c.Left, c.Type), y = Use(c.Right, c.Type);
        var cond = c.Pred switch
        {
            "eq" => CondCode.Eq,
            "ne" => CondCode.Ne,
            "ugt" => CondCode.Hi,
            "uge" => CondCode.Cs,
            "ult" => CondCode.Cc,
            "ule" => CondCode.Ls,
            "sgt" => CondCode.Gt,
            "sge" => CondCode.Ge,
            "slt" => CondCode.Lt,
            "sle" => CondCode.Le,
            _ => throw module.Error(c, $"unknown icmp predicate '{c.Pred}'"),
        };
        if (c.Pred[0] == 's' && bits < 64)
        {
            int sx = NewReg(), sy = NewReg();
            SignExtend(sx, x, bits);
            SignExtend(sy, y, bits);
            (x, y) = (sx, sy);
        }
        Compare(Value(c.Result!), x, y, cond);
    }

    private void Cast(CastInstr c)
    {
        if (c.Op == "bitcast" && Slot(c.Value) is int slot)
        {
            // Another name for a local register (LocalSlots): it has no address to compute.
            frame.Slots[c.Result!] = slot;
            return;
        }
        int rd = Value(c.Result!), x = Use(c.Value.Value, c.Value.Type);
        if (c.Op == "sext")
        {
            SignExtend(rd, x, Bits(c.Value.Type));
        }
        else if (c.Op is "trunc" or "zext" or "bitcast" or "ptrtoint" or "inttoptr" or "addrspacecast")
        {
            Mov(rd, x);
        }
        else
        {
            throw module.Error(c, $"unsupported LLVM instruction '{c.Op}'", unsupported: true);
        }
        Mask(rd, Bits(c.To));
    }

    private void Alloca(AllocaInstr a)
    {
        if (frame.Promotable.ContainsKey(a.Result!))
        {
            // A fresh register per inlined instance; C leaves an uninitialised local indeterminate, vrm makes it 0.
            int reg = NewReg();
            frame.Slots[a.Result!] = reg;
            Mov(reg, Reg.Zero);
            return;
        }
        var type = a.Type;
        if (!module.Layout.Models(type))
        {
            // A float or vector local has no cells: the first instruction that computes or accesses one names it.
            Mov(Value(a.Result!), Reg.Zero);
            return;
        }
        if (a.Count is { } n)
        {
            if (n.Value is not IntConst)
            {
                throw module.Error(a, "a variable-length array on the stack: vrm needs the size of every local", unsupported: true);
            }
            long count = module.Constant(n.Value);
            type = new ArrayType(count, a.Type);
        }
        // Memory in the frame of the thread that runs this code: every thread has its own copy.
        long offset = module.FrameSlot(template, $"{frame.Function.Name}.{a.Result}", type);
        Emit(Make(Opcode.Alu, $"alloca {frame.Function.Name}.{a.Result}") with { Rd = Value(a.Result!), Rn = Reg.Sp, Src2 = Operand2.Immediate(offset), Alu = AluOp.Add });
    }

    /// <summary>rd := base + the GEP's offset; constant indices fold, variable ones are scaled and added.</summary>
    private void Gep(GetElementPtrInstr g)
    {
        int rd = Value(g.Result!);
        int acc = Use(g.Base.Value, g.Base.Type);
        long offset = 0;
        var type = g.SourceType;
        for (int i = 0; i < g.Indices.Count; i++)
        {
            var index = g.Indices[i];
            long stride;
            if (i == 0)
            {
                stride = module.Layout.Stride(type);
            }
            else
            {
                var t = module.Layout.Resolve(type);
                if (t is StructType)
                {
                    (offset, type) = module.Layout.Step(type, offset, module.Constant(index.Value));
                    continue;
                }
                if (t is not ArrayType arr)
                {
                    throw module.Error(g, $"getelementptr into {LlvmLayout.Describe(t)}", unsupported: true);
                }
                type = arr.Element;
                stride = module.Layout.Stride(arr.Element);
            }
            if (index.Value is LocalRef l)
            {
                int idx = NewReg(), scaled = NewReg(), sum = NewReg();
                SignExtend(idx, Value(l.Name), Bits(index.Type));
                int k = Use(new IntConst(stride));
                Alu(AluOp.Mul, scaled, idx, Operand2.Register(k));
                Alu(AluOp.Add, sum, acc, Operand2.Register(scaled));
                acc = sum;
            }
            else
            {
                offset += module.Constant(index.Value) * stride;
            }
        }
        Alu(AluOp.Add, rd, acc, Operand2.Immediate(offset));
    }
}
