using Vrm.Syntax.Llvm;

namespace Vrm.Programs.Lowering.Llvm;

/// <summary>
/// The locals that become registers. vrm reads clang's unoptimised IR (-O0), where every C local is an
/// alloca with loads and stores, so that every access to shared memory stays as the source wrote it; it
/// then does the one optimisation that is safe for concurrent code itself: a scalar alloca whose address
/// is used only as the address of its own plain loads and stores cannot be reached by another thread (or
/// by any other access of this one), so it is a register of its thread. Every other alloca is memory in
/// the frame of the thread that runs the function.
/// </summary>
internal static class LocalSlots
{
    /// <summary>
    /// The allocas of <paramref name="f"/> that are registers, and the bitcasts of them (clang -O0 reaches an
    /// atomic pointer's temporary through an <c>i64*</c> cast): every access through either must have the
    /// alloca's size, so a register holds the value whatever the access calls its type.
    /// </summary>
    /// <returns>Each such name and the alloca it names.</returns>
    public static Dictionary<string, string> Promotable(Function f, LlvmLayout layout)
    {
        var rootOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = new Dictionary<string, long>(StringComparer.Ordinal);
        var instrs = f.Blocks.SelectMany(b => b.Instrs).ToList();
        foreach (var ins in instrs)
        {
            if (ins is AllocaInstr { Result: { } name } a && IsSingle(a) && layout.Resolve(a.Type) is IntType or PtrType)
            {
                rootOf[name] = name;
                size[name] = layout.SizeOf(a.Type);
            }
        }
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var ins in instrs)
            {
                if (ins is CastInstr { Op: "bitcast", Result: { } r, Value.Value: LocalRef from } && rootOf.TryGetValue(from.Name, out var root) && rootOf.TryAdd(r, root))
                {
                    grew = true;
                }
            }
        }
        var escaped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ins in instrs)
        {
            switch (ins)
            {
                case LoadInstr l when IsSlotAccess(l.Ptr, l.Type, l.Volatile, l.Ordering):
                    break;
                case StoreInstr s when IsSlotAccess(s.Ptr, s.Value.Type, s.Volatile, s.Ordering):
                    Escape(s.Value.Value);
                    break;
                case CastInstr { Op: "bitcast", Value.Value: LocalRef from } when rootOf.ContainsKey(from.Name):
                    break;
                case CallInstr { Callee: GlobalRef g } when g.Name.StartsWith("llvm.dbg.", StringComparison.Ordinal):
                    break;
                default:
                    foreach (var v in Operands(ins))
                    {
                        Escape(v);
                    }
                    break;
            }
        }
        return rootOf.Where(p => !escaped.Contains(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        void Escape(LValue v)
        {
            if (v is LocalRef r && rootOf.TryGetValue(r.Name, out var root))
            {
                escaped.Add(root);
            }
        }

        bool IsSlotAccess(TypedValue ptr, LType type, bool isVolatile, string? ordering)
        {
            if (ptr.Value is not LocalRef r || !rootOf.TryGetValue(r.Name, out var root))
            {
                return false;
            }
            // A volatile or atomic access stays an access: it is what the source asks for, and on Arm an
            // acquire or release orders the thread's other accesses even when nobody else reads the cell.
            if (isVolatile || ordering is not null || layout.Resolve(type) is not (IntType or PtrType) || layout.SizeOf(type) != size[root])
            {
                escaped.Add(root);
            }
            return true;
        }
    }

    private static bool IsSingle(AllocaInstr a) => a.Count is null || a.Count.Value is IntConst { Value: 1 };

    /// <summary>Every value an instruction uses (not the block names it branches to).</summary>
    public static IEnumerable<LValue> Operands(LInstr ins) => ins switch
    {
        BinaryInstr b => [b.Left, b.Right],
        ICmpInstr c => [c.Left, c.Right],
        CastInstr c => [c.Value.Value],
        SelectInstr s => [s.Cond.Value, s.IfTrue.Value, s.IfFalse.Value],
        PhiInstr p => p.Incoming.Select(i => i.Value),
        FreezeInstr f => [f.Value.Value],
        AllocaInstr a => a.Count is null ? [] : [a.Count.Value],
        LoadInstr l => [l.Ptr.Value],
        StoreInstr s => [s.Value.Value, s.Ptr.Value],
        GetElementPtrInstr g => g.Indices.Select(i => i.Value).Prepend(g.Base.Value),
        CmpXchgInstr x => [x.Ptr.Value, x.Expected.Value, x.New.Value],
        AtomicRmwInstr r => [r.Ptr.Value, r.Value.Value],
        ExtractValueInstr e => [e.Aggregate.Value],
        InsertValueInstr i => [i.Aggregate.Value, i.Element.Value],
        CallInstr c => c.Args.Select(a => a.Value).Prepend(c.Callee),
        CondBrInstr c => [c.Cond],
        SwitchInstr s => [s.Value.Value],
        RetInstr { Value: { } v } => [v.Value],
        _ => [],
    };
}
