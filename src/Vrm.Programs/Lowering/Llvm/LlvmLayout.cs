using Vrm.Syntax;
using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>One scalar cell of a variable: its byte offset, size and name (<c>x</c>, <c>a[2]</c>, <c>n[1].0</c>).</summary>
internal readonly record struct Cell(long Offset, int Size, string Name);

/// <summary>
/// Sizes and alignments of LLVM types under AArch64's data layout (natural alignment, 64-bit pointers),
/// and the flattening of a variable into the scalar cells that become the thread IR's locations.
/// </summary>
internal sealed class LlvmLayout(Module module, Func<SourcePos, string, Exception> error)
{
    public LType Resolve(LType t) => t is NamedType n
        ? module.Types.TryGetValue(n.Name, out var d) ? Resolve(d) : throw error(SourcePos.None, $"unknown type %{n.Name}")
        : t;

    public long SizeOf(LType type) => Resolve(type) switch
    {
        IntType { Bits: > 64 } i => throw error(SourcePos.None, ThreadLowering.WideInteger(i.Bits)),
        IntType i => IntBytes(i.Bits),
        PtrType => 8,
        ArrayType a => a.Count * Stride(a.Element),
        StructType s => StructLayout(s).Size,
        var other => throw error(SourcePos.None, $"unsupported type {Describe(other)}"),
    };

    /// <summary>Whether values of the type are integers and pointers all the way down (no float, vector, ...).</summary>
    public bool Models(LType type) => Resolve(type) switch
    {
        IntType or PtrType => true,
        ArrayType a => Models(a.Element),
        StructType s => s.Fields.All(Models),
        _ => false,
    };

    public long AlignOf(LType type) => Resolve(type) switch
    {
        IntType i => IntBytes(i.Bits),
        PtrType => 8,
        ArrayType a => AlignOf(a.Element),
        StructType s => s.Packed ? 1 : s.Fields.Select(AlignOf).DefaultIfEmpty(1).Max(),
        var other => throw error(SourcePos.None, $"unsupported type {Describe(other)}"),
    };

    /// <summary>The distance between array elements: the size rounded up to the alignment.</summary>
    public long Stride(LType element)
    {
        long size = SizeOf(element), align = AlignOf(element);
        return (size + align - 1) / align * align;
    }

    public (long[] Offsets, long Size) StructLayout(StructType s)
    {
        var offsets = new long[s.Fields.Count];
        long at = 0;
        for (int i = 0; i < s.Fields.Count; i++)
        {
            long align = s.Packed ? 1 : AlignOf(s.Fields[i]);
            at = (at + align - 1) / align * align;
            offsets[i] = at;
            at += SizeOf(s.Fields[i]);
        }
        long whole = s.Packed ? 1 : AlignOf(s);
        return (offsets, (at + whole - 1) / whole * whole);
    }

    public static int IntBytes(int bits) => bits switch
    {
        <= 8 => 1,
        <= 16 => 2,
        <= 32 => 4,
        <= 64 => 8,
        _ => throw new NotSupportedException($"i{bits}"),
    };

    /// <summary>The scalar cells of a value of <paramref name="type"/> placed at <paramref name="offset"/>.</summary>
    public void Flatten(LType type, long offset, string name, List<Cell> cells)
    {
        switch (Resolve(type))
        {
            case IntType or PtrType:
                cells.Add(new Cell(offset, (int)SizeOf(type), name));
                break;
            case ArrayType a:
                long stride = Stride(a.Element);
                for (long k = 0; k < a.Count; k++)
                {
                    Flatten(a.Element, offset + (k * stride), $"{name}[{k}]", cells);
                }
                break;
            case StructType s:
                var (offsets, _) = StructLayout(s);
                for (int i = 0; i < s.Fields.Count; i++)
                {
                    Flatten(s.Fields[i], offset + offsets[i], $"{name}.{i}", cells);
                }
                break;
            default:
                throw error(SourcePos.None, $"variable '{name}' has type {Describe(type)}, which vrm does not model");
        }
    }

    public static string Describe(LType t) => t switch
    {
        IntType i => $"i{i.Bits}",
        PtrType { Pointee: null } => "ptr",
        PtrType p => Describe(p.Pointee!) + "*",
        ArrayType a => $"[{a.Count} x {Describe(a.Element)}]",
        StructType s => "{ " + string.Join(", ", s.Fields.Select(Describe)) + " }",
        NamedType n => "%" + n.Name,
        VoidType => "void",
        FunctionType f => $"{Describe(f.Return)} ({string.Join(", ", f.Params.Select(Describe))})",
        OtherType o => o.Text,
        _ => t.ToString(),
    };

    /// <summary>
    /// The byte offset a getelementptr adds for constant indices: the first index steps over whole
    /// objects, the rest select array elements and struct fields.
    /// </summary>
    public long ConstantOffset(LType source, IReadOnlyList<long> indices)
    {
        long offset = indices.Count > 0 ? indices[0] * Stride(source) : 0;
        var t = source;
        for (int i = 1; i < indices.Count; i++)
        {
            (offset, t) = Step(t, offset, indices[i]);
        }
        return offset;
    }

    /// <summary>One index below the first: into an array element or a struct field.</summary>
    public (long Offset, LType Type) Step(LType t, long offset, long index) => Resolve(t) switch
    {
        ArrayType a => (offset + (index * Stride(a.Element)), a.Element),
        StructType s => (offset + StructLayout(s).Offsets[index], s.Fields[(int)index]),
        var other => throw error(SourcePos.None, $"getelementptr into {Describe(other)}"),
    };
}
