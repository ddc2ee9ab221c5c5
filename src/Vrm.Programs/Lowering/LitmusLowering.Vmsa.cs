using Vrm.Syntax;
using Vrm.Syntax.Litmus;

namespace Vrm.Programs.Lowering;

/// <summary>The page-table (VMSA) parts of the lowering: which tests need it, descriptors, code labels and fault atoms.</summary>
public static partial class LitmusLowering
{
    private static readonly string[] SystemMnemonics = ["TLBI", "ERET", "MSR", "MRS", "ADR"];

    /// <summary>
    /// True when the test is a page-table test whatever the command line says: <c>Variant=vmsa</c>, a TTHM or
    /// EL0 header, a fault handler, a TLBI or system instruction, or page-table syntax in its states.
    /// </summary>
    public static bool UsesVmsa(LitmusTest test)
    {
        if (test.Variants.HasFlag(Variant.Vmsa) || test.HardwareUpdates.Count > 0 || test.El0Threads.Count > 0 || test.Levels > 1 || test.VmThreads.Count > 0)
        {
            return true;
        }
        if (test.Threads.Any(t => t.IsFaultHandler || t.Lines.Any(l => l.Instruction is { } i && SystemMnemonics.Contains(i.Mnemonic))))
        {
            return true;
        }
        static bool Value(ValueSyntax? v) => v is PteAddressValue or PhysicalValue or DescriptorValue or TableValue;
        static bool Location(LocationRef l) => l is PteRef or FaultRef;
        static bool Prop(Prop? p) => p switch
        {
            AtomProp a => Location(a.Location) || Value(a.Value),
            FaultProp => true,
            NotProp n => Prop(n.Operand),
            AndProp a => Prop(a.Left) || Prop(a.Right),
            OrProp o => Prop(o.Left) || Prop(o.Right),
            ImpliesProp i => Prop(i.Left) || Prop(i.Right),
            _ => false,
        };
        return test.Init.Any(e => Location(e.Target) || Value(e.Value)) || test.Locations.Any(Location) || Prop(test.Filter) || Prop(test.Condition.Prop);
    }

    private static VmsaVariable Variable(LitmusTest test, LocationLayout layout, string name, SourcePos pos) =>
        layout.Vmsa?.FirstOrDefault(v => v.Name == name) ?? throw Error(test, pos, $"unknown location '{name}'");

    /// <summary>
    /// A descriptor value; without <c>oa</c> it maps the page of <paramref name="pteOf"/> (the entry it
    /// initialises or is compared with), and elsewhere (a <c>pteval_t</c> register) herd's empty output address, 0.
    /// </summary>
    private static long Descriptor(LitmusTest test, LocationLayout layout, DescriptorValue d, PteRef? pteOf)
    {
        if (d.IsStage2 || pteOf?.Vmid is not null)
        {
            return Stage2Descriptor(test, layout, d, pteOf);
        }
        long oa;
        if (d.Field("oa") is { } field)
        {
            oa = ValueOf(test, field.Value, layout);
        }
        else if (pteOf is { Level: < 3 })
        {
            // A table entry maps the next level's table by default.
            oa = VmsaInfo.TableBase(pteOf.Level + 1);
        }
        else if (pteOf is not null)
        {
            oa = Variable(test, layout, pteOf.Variable, d.Pos).PhysicalAddress;
        }
        else
        {
            oa = 0;
        }
        bool Bit(string name, bool byDefault) => d.Field(name) is { Value: IntValue i } ? i.Value != 0 : byDefault;
        var defaults = PteFields.Default(oa);
        return Pte.Encode(new PteFields(oa, Bit("valid", defaults.Valid), Bit("af", defaults.Af), Bit("db", defaults.Db), Bit("dbm", defaults.Dbm), Bit("el0", defaults.El0)) { Ng = Bit("ng", false) });
    }

    /// <summary>A stage-2 descriptor: <c>(oa:PA(y), write:0)</c>; without <c>oa</c> it maps the variable of the entry it initialises.</summary>
    private static long Stage2Descriptor(LitmusTest test, LocationLayout layout, DescriptorValue d, PteRef? pteOf)
    {
        foreach (var f in d.Fields.Where(f => f.Name is "db" or "dbm" or "el0" or "ng"))
        {
            throw Error(test, f.Pos, $"'{f.Name}' is a stage-1 field; a stage-2 entry has oa, af, valid, read and write");
        }
        long oa = d.Field("oa") is { } field ? ValueOf(test, field.Value, layout)
            : pteOf is not null ? Variable(test, layout, pteOf.Variable, d.Pos).PhysicalAddress
            : 0;
        bool Bit(string name) => d.Field(name) is not { Value: IntValue { Value: 0 } };
        return Pte.EncodeStage2(new Stage2Fields(oa, Bit("valid"), Bit("af"), Bit("read"), Bit("write")));
    }

    /// <summary><c>label:"P1:L1"</c>: the address of the instruction the label names (see <see cref="Program.CodeAddress"/>).</summary>
    private static long CodeLabel(LitmusTest test, LocationLayout layout, LabelValue l)
    {
        if (l.Thread.Length < 2 || l.Thread[0] != 'P' || !int.TryParse(l.Thread.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int thread)
            || thread >= layout.Labels.Count)
        {
            throw Error(test, l.Pos, $"unknown thread '{l.Thread}' in label:\"{l.Thread}:{l.Label}\"");
        }
        return layout.Labels[thread].TryGetValue(l.Label, out int index)
            ? Program.CodeAddress(thread, index)
            : throw Error(test, l.Pos, $"unknown label '{l.Label}' in P{thread}");
    }

    /// <summary>The index of a fault atom in the program's list, adding it the first time it is seen.</summary>
    private static int FaultIndex(LitmusTest test, LocationLayout layout, FaultRef f)
    {
        int thread = ThreadIndex(test, f.Thread, f.Pos, layout.Labels.Count);
        int instr = -1;
        if (f.Label is not null && !layout.Labels[thread].TryGetValue(f.Label, out instr))
        {
            throw Error(test, f.Pos, $"unknown label '{f.Label}' in P{thread}");
        }
        int loc = f.Location switch
        {
            MemoryRef m => layout.Vmsa is null ? layout.Index[m.Name] : Variable(test, layout, m.Name, m.Pos).DataLoc,
            PteRef p => EntryLoc(test, layout, p),
            _ => -1,
        };
        var atom = new FaultAtom(thread, f.Label, instr, loc, f.Type);
        int i = layout.Faults.IndexOf(atom);
        if (i < 0)
        {
            layout.Faults.Add(atom);
            i = layout.Faults.Count - 1;
        }
        return i;
    }

    /// <summary>The location of an entry reference: <c>PTE(x)</c>, or with <c>Levels=</c> also <c>PMD(x)</c>, <c>PUD(x)</c>, <c>PGD(x)</c>.</summary>
    private static int EntryLoc(LitmusTest test, LocationLayout layout, PteRef p)
    {
        var variable = Variable(test, layout, p.Variable, p.Pos);
        if (p.Vmid is int vmid)
        {
            return variable.Stage2Locs.TryGetValue(vmid, out int s2) ? s2
                : throw Error(test, p.Pos, $"S2PTE({p.Variable},{vmid}): no thread runs in VM {vmid} (say VM=P1:{vmid} in the header)");
        }
        return p.Level >= 4 - layout.Levels
            ? layout.EntryOf(p.Variable, p.Level)
            : throw Error(test, p.Pos, $"{PteRef.LevelNames[p.Level]}({p.Variable}) is a level-{p.Level} entry: the test needs Levels={4 - p.Level} or more");
    }

    private static VmsaInfo VmsaInfoOf(LitmusTest test, Variant variants, LocationLayout layout, int threads)
    {
        var updates = new HardwareUpdate[threads];
        foreach (var u in test.HardwareUpdates)
        {
            var flag = u.Flag == "HA" ? HardwareUpdate.AccessFlag : HardwareUpdate.DirtyBit;
            if (u.Thread is int t)
            {
                updates[ThreadIndex(test, t, u.Pos, threads)] |= flag;
            }
            else
            {
                for (int k = 0; k < threads; k++)
                {
                    updates[k] |= flag;
                }
            }
        }
        foreach (var t in test.El0Threads)
        {
            ThreadIndex(test, t, SourcePos.None, threads);
        }
        var vmids = new int[threads];
        foreach (var (t, vmid) in test.VmThreads)
        {
            vmids[ThreadIndex(test, t, SourcePos.None, threads)] = vmid;
        }
        return new VmsaInfo(layout.Vmsa!, [.. layout.Faults])
        {
            Vmids = vmids,
            Updates = updates,
            El0Threads = [.. test.El0Threads.Distinct().Order()],
            Variants = variants,
            Levels = layout.Levels,
        };
    }
}
