using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

internal sealed partial class ThreadLowering
{
    /// <summary>
    /// llvm.memset and llvm.memcpy (clang -O0 initialises and copies local arrays and structs with them): one
    /// access per cell of the destination's C type, in address order, as a loop of word accesses would do. The
    /// types are the ones the pointers had before clang cast them to <c>i8*</c>; when the source's cells differ
    /// (a struct copied to the i64 or [2 x i64] that carries it in registers), each destination cell gathers its
    /// bytes from the source cells it overlaps, and a cell the length covers only in part keeps its other bytes.
    /// </summary>
    private bool MemIntrinsic(string name, CallInstr call)
    {
        bool set = name.StartsWith("llvm.memset.", StringComparison.Ordinal);
        if (!set && !name.StartsWith("llvm.memcpy.", StringComparison.Ordinal) && !name.StartsWith("llvm.memmove.", StringComparison.Ordinal))
        {
            return false;
        }
        if (call.Args[2].Value is not IntConst { Value: var length })
        {
            throw module.Error(call, $"{(set ? "memset" : "memcpy")} of a length vrm cannot compute before running: vrm needs it constant", unsupported: true);
        }
        var target = CellsAt(call.Args[0].Value);
        var source = set ? null : CellsAt(call.Args[1].Value);
        var walk = target ?? source
            ?? throw module.Error(call, $"{(set ? "memset" : "memcpy")} to a pointer whose C type vrm cannot see", unsupported: true);
        target ??= walk;
        source ??= walk;
        int dst = Use(call.Args[0].Value, call.Args[0].Type);
        int src = set ? Reg.None : Use(call.Args[1].Value, call.Args[1].Type);
        int fill = set ? Use(call.Args[1].Value, call.Args[1].Type) : Reg.None;
        foreach (var cell in walk.Where(c => c.Offset < length))
        {
            // The bytes of the cell inside [0, length): a pointer into a cell (&u.b[3]) starts inside its first one.
            long from = Math.Max(0, cell.Offset);
            int size = (int)(Math.Min(cell.Offset + cell.Size, length) - from);
            int value = NewReg();
            if (set)
            {
                // The byte repeated over the cell: byte * 0x0101...
                long ones = size >= 8 ? 0x0101010101010101L : (1L << (size * 8)) / 255;
                int k = Use(new IntConst(ones));
                Alu(AluOp.Mul, value, fill, Operand2.Register(k));
            }
            else
            {
                LoadPiece(src, from, size, source, value, "memcpy load");
            }
            StorePiece(dst, from, size, target, value, set ? "memset" : "memcpy store");
        }
        return true;
    }

    /// <summary>
    /// llvm.ctpop, ctlz, cttz and bswap (__builtin_popcount, clz, ctz, bswap and the kernel's hweight, fls, ffs,
    /// cpu_to_be*) on an iN kept zero-extended: CNT, CLZ and REV of the whole register, then moved back to N bits.
    /// ctlz and cttz of 0 give N (their "zero is poison" flag only allows less).
    /// </summary>
    private bool BitIntrinsic(string name, CallInstr call, int result)
    {
        var parts = name.Split('.');
        if (parts.Length != 3 || parts[0] != "llvm" || parts[1] is not ("ctpop" or "ctlz" or "cttz" or "bswap") || result == Reg.None)
        {
            return false;
        }
        int bits = Bits(call.Args[0].Type);
        int a = Use(call.Args[0].Value, call.Args[0].Type);
        switch (parts[1])
        {
            case "ctpop":
                Alu(AluOp.Cnt, result, a, Operand2.Immediate(0));
                break;
            case "ctlz":
                Alu(AluOp.Clz, result, a, Operand2.Immediate(0));
                Alu(AluOp.Sub, result, result, Operand2.Immediate(64 - bits));
                break;
            case "cttz":
                {
                    // The ones below the lowest set bit: ((y & -y) - 1), with bit N set in y so that 0 counts N.
                    int y = a;
                    if (bits < 64)
                    {
                        y = NewReg();
                        Alu(AluOp.Orr, y, a, Operand2.Immediate(1L << bits));
                    }
                    int lowest = NewReg();
                    Alu(AluOp.Sub, lowest, Reg.Zero, Operand2.Register(y));
                    Alu(AluOp.And, lowest, lowest, Operand2.Register(y));
                    Alu(AluOp.Sub, lowest, lowest, Operand2.Immediate(1));
                    Alu(AluOp.Cnt, result, lowest, Operand2.Immediate(0));
                    break;
                }
            default:
                if (bits % 16 != 0)
                {
                    throw module.Error(call, $"{name} of a value that is no whole number of bytes", unsupported: true);
                }
                Alu(AluOp.Rev, result, a, Operand2.Immediate(0));
                if (bits < 64)
                {
                    Alu(AluOp.Lsr, result, result, Operand2.Immediate(64 - bits));
                }
                break;
        }
        return true;
    }

    /// <summary>Whether an instruction's result is a pair of registers, the value and <c>#1</c> (cmpxchg, the overflow intrinsics).</summary>
    private static bool IsPair(LInstr ins) =>
        ins is CmpXchgInstr || (ins is CallInstr { Callee: GlobalRef g } && IsOverflow(g.Name));

    private static bool IsOverflow(string name) => name.StartsWith("llvm.", StringComparison.Ordinal) && name.Contains(".with.overflow.", StringComparison.Ordinal);

    /// <summary>
    /// llvm.{s,u}{add,sub,mul}.with.overflow.iN (__builtin_add_overflow and friends): the wrapped result and whether
    /// the exact one differs from it. Below 64 bits the exact result is computed in 64 (extended operands) and
    /// compared with its wrapped value extended back; at 64 bits the V flag, an unsigned compare or the high half of
    /// the product tell. clang's wider types for mixed signedness (i65) are refused.
    /// </summary>
    private bool OverflowIntrinsic(string name, CallInstr call, int result)
    {
        if (!IsOverflow(name))
        {
            return false;
        }
        string op = name.Split('.')[1];
        bool signed = op[0] == 's';
        string kind = op[1..];
        var type = call.Args[0].Type;
        int bits = Bits(type);
        if (bits > 64 || (kind == "mul" && bits is > 32 and < 64) || kind is not ("add" or "sub" or "mul"))
        {
            throw module.Error(call, $"{name}: vrm computes in 64-bit registers", unsupported: true);
        }
        int a = Use(call.Args[0].Value, type), b = Use(call.Args[1].Value, type);
        var alu = kind switch { "add" => AluOp.Add, "sub" => AluOp.Sub, _ => AluOp.Mul };
        int value = call.Result is { } r ? Value(r) : NewReg();
        int overflow = call.Result is { } q ? Value(q + "#1") : NewReg();
        if (bits < 64)
        {
            if (signed)
            {
                int sa = NewReg(), sb = NewReg();
                SignExtend(sa, a, bits);
                SignExtend(sb, b, bits);
                (a, b) = (sa, sb);
            }
            int exact = NewReg(), back = NewReg();
            Alu(alu, exact, a, Operand2.Register(b));
            Mov(value, exact);
            Mask(value, bits);
            if (signed)
            {
                SignExtend(back, value, bits);
            }
            else
            {
                Mov(back, value);
            }
            Compare(overflow, back, exact, CondCode.Ne);
            return true;
        }
        if (kind == "mul")
        {
            int high = NewReg();
            Alu(alu, value, a, Operand2.Register(b));
            Alu(signed ? AluOp.SMulH : AluOp.UMulH, high, a, Operand2.Register(b));
            int expected = Reg.Zero;
            if (signed)
            {
                // No overflow when the high half is the sign of the low half.
                expected = NewReg();
                Alu(AluOp.Asr, expected, value, Operand2.Immediate(63));
            }
            Compare(overflow, high, expected, CondCode.Ne);
        }
        else if (signed)
        {
            Alu(alu, value, a, Operand2.Register(b), flags: true);
            Emit(Make(Opcode.Csel, "cset vs") with { Rd = overflow, Rn = Reg.Zero, Rm = Reg.Zero, Csel = CselKind.Csinc, Cond = CondCode.Vc });
        }
        else
        {
            Alu(alu, value, a, Operand2.Register(b));
            // A carry out of an add leaves a sum below the operand; a borrow is a subtrahend above the minuend.
            Compare(overflow, kind == "add" ? value : a, kind == "add" ? a : b, CondCode.Cc);
        }
        return true;
    }

    /// <summary>
    /// The object a pointer points into and the pointer's byte offset in it, looking through the casts clang puts
    /// around intrinsic arguments and ABI copies and through constant getelementptrs; where the object is not
    /// known, the type a cast or a getelementptr says the pointer had (a struct's bit-fields are read through the
    /// struct's type from a global laid out as the initialiser's bytes).
    /// </summary>
    private (LType Type, long Offset)? Underlying(LValue v)
    {
        switch (v)
        {
            case ConstExpr { Expr: CastInstr c }:
                return Underlying(c.Value.Value) ?? PointeeOf(c.Value.Type);
            case LocalRef r when Definition(r.Name) is CastInstr c:
                return Underlying(c.Value.Value) ?? PointeeOf(c.Value.Type);
            case ConstExpr { Expr: GetElementPtrInstr g }:
                return Within(g);
            case LocalRef r when Definition(r.Name) is GetElementPtrInstr g:
                return Within(g);
            case LocalRef r when Definition(r.Name) is AllocaInstr a:
                return (a.Count is { Value: IntConst { Value: var n } } && n != 1 ? new ArrayType(n, a.Type) : a.Type, 0);
            case GlobalRef g when module.Module.Globals.FirstOrDefault(x => x.Name == g.Name) is { } global:
                return (global.Type, 0);
            default:
                return null;
        }

        (LType, long)? Within(GetElementPtrInstr g)
        {
            if (g.Indices.Any(i => i.Value is not IntConst))
            {
                return null;
            }
            long[] indices = [.. g.Indices.Select(i => ((IntConst)i.Value).Value)];
            if (Underlying(g.Base.Value) is var (type, offset))
            {
                return (type, offset + module.Layout.ConstantOffset(g.SourceType, indices));
            }
            // An unknown base (a pointer loaded from memory, cur[-1].value): only the type the indices reach is known.
            var reached = g.SourceType;
            for (int i = 1; i < indices.Length; i++)
            {
                (_, reached) = module.Layout.Step(reached, 0, indices[i]);
            }
            return (reached, 0);
        }

        static (LType, long)? PointeeOf(LType t) => t is PtrType { Pointee: { } p } && p is not IntType { Bits: 8 } ? (p, 0) : null;
    }

    private LInstr? Definition(string name)
    {
        frame.Definitions ??= frame.Function.Blocks.SelectMany(b => b.Instrs).Where(i => i.Result is not null).ToDictionary(i => i.Result!, StringComparer.Ordinal);
        return frame.Definitions.GetValueOrDefault(name);
    }
}
