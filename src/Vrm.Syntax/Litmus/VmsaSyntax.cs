namespace Vrm.Syntax.Litmus;

// The page-table (VMSA) forms of herd's litmus format, as herd7 reads them with -variant vmsa.

/// <summary>The page-table entry of a variable as a location: <c>PTE(x)</c>, <c>[PTE(x)]</c> or <c>pte_x</c>.</summary>
public sealed record PteRef(string Variable, SourcePos Pos) : LocationRef(Pos)
{
    public override string ToString() => $"[PTE({Variable})]";
}

/// <summary>
/// A fault atom: <c>fault(P0)</c>, <c>fault(P0:L0,x)</c>, <c>fault(P0,x,MMU:Translation)</c>; herd also reads
/// <c>Fault</c>. The faulting location is a variable or a page-table entry; the type is herd's name, such as
/// <c>MMU:Permission</c>. As a location (in <c>locations [...]</c>) it asks for the fault to be shown.
/// </summary>
public sealed record FaultRef(int Thread, string? Label, LocationRef? Location, string? Type, SourcePos Pos) : LocationRef(Pos)
{
    public override string ToString() =>
        $"fault(P{Thread}{(Label is null ? "" : ":" + Label)}{Location switch { MemoryRef m => "," + m.Name, PteRef p => $",PTE({p.Variable})", _ => "" }}{(Type is null ? "" : "," + Type)})";
}

/// <summary>The address of a variable's page-table entry as a value: <c>PTE(x)</c> or <c>pte_x</c>.</summary>
public sealed record PteAddressValue(string Variable, SourcePos Pos) : ValueSyntax(Pos);

/// <summary>The physical address of a variable: <c>PA(x)</c> or <c>phy_x</c>.</summary>
public sealed record PhysicalValue(string Variable, SourcePos Pos) : ValueSyntax(Pos);

/// <summary>One <c>name:value</c> field of a page-table entry value; <c>oa</c> holds an address, the others 0 or 1.</summary>
public sealed record DescriptorField(string Name, ValueSyntax Value, SourcePos Pos);

/// <summary>A page-table entry value <c>(oa:PA(x), valid:0, af:1, db:0, dbm:1, el0:1)</c>; omitted fields take herd's defaults.</summary>
public sealed record DescriptorValue(IReadOnlyList<DescriptorField> Fields, SourcePos Pos) : ValueSyntax(Pos)
{
    /// <summary>The fields herd knows, in the order it prints them.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["oa", "af", "db", "dbm", "valid", "el0"];

    public DescriptorField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>A fault atom used as a proposition of a condition or filter.</summary>
public sealed record FaultProp(FaultRef Fault, SourcePos Pos) : Prop(Pos);

/// <summary>One hardware-update flag of the <c>TTHM</c> header: <c>HA</c> (access flag) or <c>HD</c> (dirty bit), for all threads or one (<c>P0:HA</c>).</summary>
public sealed record HardwareUpdateSyntax(int? Thread, string Flag, SourcePos Pos);
