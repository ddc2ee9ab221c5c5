using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

internal sealed partial class ThreadLowering
{
    /// <summary>
    /// llvm.memset and llvm.memcpy (clang -O0 initialises and copies local arrays and structs with them): one
    /// access per cell of the destination's C type, in address order, as a loop of word accesses would do.
    /// The type is the one the pointer had before clang cast it to <c>i8*</c>.
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
        var type = PointeeBeforeCast(call.Args[0].Value)
            ?? throw module.Error(call, $"{(set ? "memset" : "memcpy")} to a pointer whose C type vrm cannot see", unsupported: true);
        var cells = new List<Cell>();
        module.Layout.Flatten(type, 0, "", cells);
        cells = [.. cells.Where(c => c.Offset < length)];
        if (cells.Count > 0 && cells[^1].Offset + cells[^1].Size > length)
        {
            throw module.Error(call, $"{(set ? "memset" : "memcpy")} of {length} bytes covers part of a field: vrm models whole fields only", unsupported: true);
        }
        int dst = Use(call.Args[0].Value, call.Args[0].Type);
        int src = set ? Reg.None : Use(call.Args[1].Value, call.Args[1].Type);
        int fill = set ? Use(call.Args[1].Value, call.Args[1].Type) : Reg.None;
        foreach (var cell in cells)
        {
            int value;
            if (set)
            {
                // The byte repeated over the cell: byte * 0x0101...
                value = NewReg();
                long ones = cell.Size >= 8 ? 0x0101010101010101L : (1L << (cell.Size * 8)) / 255;
                int k = Use(new IntConst(ones));
                Alu(AluOp.Mul, value, fill, Operand2.Register(k));
            }
            else
            {
                value = NewReg();
                Emit(Make(Opcode.Load, "memcpy load") with { Rd = value, Addr = new Address(src, Operand2.Immediate(cell.Offset)), Size = cell.Size, Wide = cell.Size == 8, NonAtomic = true });
            }
            Emit(Make(Opcode.Store, set ? "memset" : "memcpy store") with { Rn = value, Addr = new Address(dst, Operand2.Immediate(cell.Offset)), Size = cell.Size, Wide = cell.Size == 8, NonAtomic = true });
        }
        return true;
    }

    /// <summary>The pointee type of a pointer, looking through the bitcasts clang puts around intrinsic arguments.</summary>
    private LType? PointeeBeforeCast(LValue v)
    {
        while (true)
        {
            switch (v)
            {
                case ConstExpr { Expr: CastInstr c }:
                    if (c.Value.Type is PtrType { Pointee: { } p } && !IsByte(p))
                    {
                        return p;
                    }
                    v = c.Value.Value;
                    continue;
                case LocalRef r when Definition(r.Name) is CastInstr c:
                    if (c.Value.Type is PtrType { Pointee: { } q } && !IsByte(q))
                    {
                        return q;
                    }
                    v = c.Value.Value;
                    continue;
                case LocalRef r when Definition(r.Name) is AllocaInstr a:
                    return a.Count is { Value: IntConst { Value: var n } } && n != 1 ? new ArrayType(n, a.Type) : a.Type;
                case GlobalRef g when module.Module.Globals.FirstOrDefault(x => x.Name == g.Name) is { } global:
                    return global.Type;
                default:
                    return null;
            }
        }

        static bool IsByte(LType t) => t is IntType { Bits: 8 };
    }

    private LInstr? Definition(string name)
    {
        frame.Definitions ??= frame.Function.Blocks.SelectMany(b => b.Instrs).Where(i => i.Result is not null).ToDictionary(i => i.Result!, StringComparer.Ordinal);
        return frame.Definitions.GetValueOrDefault(name);
    }
}
