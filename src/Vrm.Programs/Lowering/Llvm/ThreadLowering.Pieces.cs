using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// Plain accesses that do not fit the memory's cells. AArch64's calling convention passes and returns a struct of up
/// to 16 bytes in registers, so clang -O0 reads a <c>struct { int a, b; }</c> argument as one i64, a 12- or 16-byte
/// one as <c>[2 x i64]</c>, and copies between the struct and a temporary of the register type with memcpy. vrm's
/// locations are the C type's cells, so such an access becomes one access per cell it touches, the bytes combined
/// little-endian; a cell it covers only in part is read, merged and written back. Accesses that fit a cell, atomic
/// and volatile ones stay single accesses.
/// </summary>
internal sealed partial class ThreadLowering
{
    /// <summary>The cells of the memory from a pointer on (offsets relative to it), as the object's C type lays them out; null when unknown.</summary>
    private List<Cell>? CellsAt(LValue ptr)
    {
        if (Underlying(ptr) is not var (type, offset) || !module.Layout.Models(type))
        {
            return null;
        }
        if (!flattened.TryGetValue(type, out var cells))
        {
            cells = [];
            module.Layout.Flatten(type, 0, "", cells);
            flattened[type] = cells;
        }
        return [.. cells.Where(c => c.Offset + c.Size > offset).Select(c => c with { Offset = c.Offset - offset })];
    }

    private readonly Dictionary<LType, List<Cell>> flattened = [];

    /// <summary>
    /// The cells a plain access of <paramref name="size"/> bytes touches when it is not exactly one cell, or null. A
    /// narrower load of a cell's first bytes stays one access (the explorers read the cell's low bytes); one that
    /// reaches past the object stays one too, for the explorer to report.
    /// </summary>
    private List<Cell>? Spanned(LValue ptr, int size, bool load)
    {
        var cells = CellsAt(ptr);
        if (cells is null || cells.Count == 0 || cells[0].Offset == 0 && (cells[0].Size == size || load && cells[0].Size > size)
            || Underlying(ptr) is not var (type, offset) || module.Layout.SizeOf(type) - offset < size)
        {
            return null;
        }
        return cells;
    }

    /// <summary>The cells of an aggregate value ([2 x i64], a struct) held in registers, one per cell; null for a scalar.</summary>
    private List<Cell>? AggregateCells(LType type)
    {
        if (module.Layout.Resolve(type) is not (ArrayType or StructType) || !module.Layout.Models(type))
        {
            return null;
        }
        var cells = new List<Cell>();
        module.Layout.Flatten(type, 0, "", cells);
        return cells;
    }

    /// <summary>The registers of a value: one, or one per cell of an aggregate (<c>%x</c>, <c>%x#1</c>, ...).</summary>
    private int[] Parts(string name, LType type) => AggregateCells(type) is { } cells
        ? [.. Enumerable.Range(0, cells.Count).Select(k => Value(k == 0 ? name : $"{name}#{k}"))]
        : [Value(name)];

    private int[] UseParts(TypedValue v)
    {
        if (AggregateCells(v.Type) is not { } cells)
        {
            return [v.Value is MetadataArg ? Reg.Zero : Use(v.Value, v.Type)];
        }
        return v.Value switch
        {
            LocalRef l => Parts(l.Name, v.Type),
            NullConst or UndefConst or ZeroInitConst => [.. cells.Select(_ => Reg.Zero)],
            AggregateConst a when a.Elements.All(e => AggregateCells(e.Type) is null) && a.Elements.Count == cells.Count => [.. a.Elements.Select(e => Use(e.Value, e.Type))],
            _ => throw module.Error(current, $"aggregate operand {v.Value}", unsupported: true),
        };
    }

    /// <summary>Names the extra registers of an instruction whose result is an aggregate.</summary>
    private void NameParts(LInstr ins)
    {
        var type = ins switch
        {
            LoadInstr l => l.Type,
            CallInstr c => c.ReturnType,
            _ => null,
        };
        if (type is not null && AggregateCells(type) is { } cells)
        {
            for (int k = 1; k < cells.Count; k++)
            {
                frame.Values[$"{ins.Result}#{k}"] = NewReg();
            }
        }
    }

    private void LoadAggregate(LoadInstr l, List<Cell> parts)
    {
        int addr = Use(l.Ptr.Value, l.Ptr.Type);
        var memory = CellsAt(l.Ptr.Value) ?? parts;
        var regs = Parts(l.Result!, l.Type);
        for (int k = 0; k < parts.Count; k++)
        {
            LoadPiece(addr, parts[k].Offset, parts[k].Size, memory, regs[k], "load");
        }
    }

    private void StoreAggregate(StoreInstr s, List<Cell> parts)
    {
        int addr = Use(s.Ptr.Value, s.Ptr.Type);
        var memory = CellsAt(s.Ptr.Value) ?? parts;
        var regs = UseParts(s.Value);
        for (int k = 0; k < parts.Count; k++)
        {
            StorePiece(addr, parts[k].Offset, parts[k].Size, memory, regs[k], "store");
        }
    }

    private List<Cell> Overlapping(List<Cell> memory, long offset, int size) =>
        [.. memory.Where(c => c.Offset < offset + size && c.Offset + c.Size > offset)];

    private void PlainAccess(Opcode op, int addr, long offset, int size, int reg, string text) =>
        Emit(Make(op, text) with
        {
            Rd = op == Opcode.Load ? reg : Reg.None,
            Rn = op == Opcode.Store ? reg : Reg.None,
            Addr = new Address(addr, Operand2.Immediate(offset)),
            Size = size,
            Wide = size == 8,
            NonAtomic = true,
        });

    /// <summary>rd := the <paramref name="size"/> bytes at addr + offset, from the cells they overlap (padding reads 0).</summary>
    private void LoadPiece(int addr, long offset, int size, List<Cell> memory, int rd, string text)
    {
        var over = Overlapping(memory, offset, size);
        if (over.Count == 1 && over[0].Offset == offset && over[0].Size == size)
        {
            PlainAccess(Opcode.Load, addr, offset, size, rd, text);
            return;
        }
        int sum = NewReg();
        Mov(sum, Reg.Zero);
        foreach (var c in over)
        {
            int part = NewReg();
            PlainAccess(Opcode.Load, addr, c.Offset, c.Size, part, text);
            var shift = c.Offset >= offset ? AluOp.Lsl : AluOp.Lsr;
            Alu(shift, part, part, Operand2.Immediate(8 * Math.Abs(c.Offset - offset)));
            Alu(AluOp.Orr, sum, sum, Operand2.Register(part));
        }
        Mask(sum, size * 8);
        Mov(rd, sum);
    }

    /// <summary>Writes the low <paramref name="size"/> bytes of value at addr + offset into the cells they overlap.</summary>
    private void StorePiece(int addr, long offset, int size, List<Cell> memory, int value, string text)
    {
        var over = Overlapping(memory, offset, size);
        if (over.Count == 1 && over[0].Offset == offset && over[0].Size == size)
        {
            PlainAccess(Opcode.Store, addr, offset, size, value, text);
            return;
        }
        foreach (var c in over)
        {
            long lo = Math.Max(offset, c.Offset), hi = Math.Min(offset + size, c.Offset + c.Size);
            int bits = (int)(hi - lo) * 8, at = (int)(lo - c.Offset) * 8;
            int part = NewReg();
            Alu(AluOp.Lsr, part, value, Operand2.Immediate(8 * (lo - offset)));
            Mask(part, bits);
            Alu(AluOp.Lsl, part, part, Operand2.Immediate(at));
            if (bits < c.Size * 8)
            {
                // The cell's other bytes keep their value.
                int old = NewReg();
                PlainAccess(Opcode.Load, addr, c.Offset, c.Size, old, text);
                long keep = ~(((bits == 64 ? -1L : (1L << bits) - 1)) << at);
                int k = Use(new IntConst(keep));
                Alu(AluOp.And, old, old, Operand2.Register(k));
                Alu(AluOp.Orr, part, part, Operand2.Register(old));
                Mask(part, c.Size * 8);
            }
            PlainAccess(Opcode.Store, addr, c.Offset, c.Size, part, text);
        }
    }
}
