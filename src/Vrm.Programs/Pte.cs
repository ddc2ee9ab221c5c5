using System.Text;

namespace Vrm.Programs;

/// <summary>
/// The fields of a page-table entry as herd7 names them: the output address and the valid, access-flag,
/// dirty, dirty-bit-modifier and EL0-access bits. Defaults are herd's (<c>prot_default</c>): a valid,
/// accessed, dirty (writable) page without hardware dirty-bit management, accessible from EL0.
/// </summary>
public readonly record struct PteFields(long OutputAddress, bool Valid = true, bool Af = true, bool Db = true, bool Dbm = false, bool El0 = true)
{
    /// <summary>nG (bit 11): a non-global page, whose TLB entries are tagged with the ASID of the walk (vrm's <c>ng:1</c>).</summary>
    public bool Ng { get; init; }

    /// <summary>herd's default entry for a page at <paramref name="outputAddress"/>.</summary>
    public static PteFields Default(long outputAddress) => new(outputAddress);
}

/// <summary>
/// Page-table entries as 64-bit values with the bit positions of a real AArch64 stage-1 level-3 (4 KiB
/// granule) page descriptor, so that code that masks entries (<c>BIC X5,X3,#0x400</c> to clear AF, as the
/// VMSA tests do) means what it means on hardware:
/// <list type="table">
/// <item><term>bit 0</term><description>valid</description></item>
/// <item><term>bit 1</term><description>descriptor type: always 1 (page), kept when the valid bit is
/// cleared, as kernels do. No address has it, so a descriptor never equals an address.</description></item>
/// <item><term>bit 6</term><description>AP[1]: EL0 may access (herd's <c>el0</c>)</description></item>
/// <item><term>bit 7</term><description>AP[2]: read-only. herd's <c>db</c> (dirty) is its negation: with
/// hardware dirty-bit management a clean page is read-only and the first write makes it writable</description></item>
/// <item><term>bit 10</term><description>AF, the access flag</description></item>
/// <item><term>bit 11</term><description>nG, not global: TLB entries are tagged with the ASID (vrm's <c>ng</c>)</description></item>
/// <item><term>bits 12–47</term><description>the output address: the physical page</description></item>
/// <item><term>bit 51</term><description>DBM, the dirty bit modifier</description></item>
/// </list>
/// </summary>
public static class Pte
{
    public const long ValidBit = 1L << 0;
    public const long PageBit = 1L << 1;
    public const long El0Bit = 1L << 6;
    public const long ReadOnlyBit = 1L << 7;
    public const long AfBit = 1L << 10;
    public const long NgBit = 1L << 11;
    public const long DbmBit = 1L << 51;
    public const long OutputAddressMask = 0x0000_FFFF_FFFF_F000L;

    /// <summary>The bits a descriptor made by <see cref="Encode"/> may have set.</summary>
    public const long KnownBits = ValidBit | PageBit | El0Bit | ReadOnlyBit | AfBit | NgBit | DbmBit | OutputAddressMask;

    public static long Encode(PteFields f) =>
        (f.OutputAddress & OutputAddressMask) | PageBit
        | (f.Valid ? ValidBit : 0) | (f.El0 ? El0Bit : 0) | (f.Db ? 0 : ReadOnlyBit) | (f.Af ? AfBit : 0) | (f.Dbm ? DbmBit : 0) | (f.Ng ? NgBit : 0);

    public static PteFields Decode(long value) => new(
        value & OutputAddressMask,
        Valid: (value & ValidBit) != 0,
        Af: (value & AfBit) != 0,
        Db: (value & ReadOnlyBit) == 0,
        Dbm: (value & DbmBit) != 0,
        El0: (value & El0Bit) != 0)
    { Ng = (value & NgBit) != 0 };

    /// <summary>True when <paramref name="value"/> has the shape of an encoded descriptor: the page bit, and no bit outside the fields.</summary>
    public static bool IsDescriptor(long value) => (value & PageBit) != 0 && (value & ~KnownBits) == 0;

    /// <summary>
    /// herd's notation: <c>(oa:PA(x), af:0, db:0, dbm:1, valid:0, el0:0)</c>, the output address first and
    /// then only the fields that differ from the defaults, in herd's order.
    /// </summary>
    public static string Format(PteFields f, Func<long, string> outputAddress)
    {
        var sb = new StringBuilder("(oa:").Append(outputAddress(f.OutputAddress));
        void Field(string name, bool value, bool byDefault)
        {
            if (value != byDefault)
            {
                sb.Append(", ").Append(name).Append(':').Append(value ? '1' : '0');
            }
        }
        Field("af", f.Af, true);
        Field("db", f.Db, true);
        Field("dbm", f.Dbm, false);
        Field("valid", f.Valid, true);
        Field("el0", f.El0, true);
        Field("ng", f.Ng, false);
        return sb.Append(')').ToString();
    }

    /// <summary>
    /// herd's check of an entry (<c>check_ptw</c>): invalid → translation fault; without hardware access-flag
    /// management a clear AF faults; a write to a clean page faults unless hardware dirty-bit management may
    /// set it (DBM); EL0 code (outside a handler) needs the entry's EL0 permission. Null when the access may proceed.
    /// </summary>
    public static FaultKind? FaultOf(PteFields pte, bool write, HardwareUpdate updates, bool el0)
    {
        bool hd = updates.HasFlag(HardwareUpdate.DirtyBit);
        bool ha = hd || updates.HasFlag(HardwareUpdate.AccessFlag);
        bool fails = !pte.Valid || (!ha && !pte.Af) || (write && !pte.Db && !(hd && pte.Dbm)) || (el0 && !pte.El0);
        if (!fails)
        {
            return null;
        }
        return !pte.Valid ? FaultKind.Translation : !ha && !pte.Af ? FaultKind.AccessFlag : FaultKind.Permission;
    }

    /// <summary>The entry the hardware writes back when it sets AF (HA), or AF and the dirty bit for a write (HD); null when nothing changes.</summary>
    public static long? Update(PteFields pte, bool write, HardwareUpdate updates)
    {
        bool hd = updates.HasFlag(HardwareUpdate.DirtyBit);
        bool ha = hd || updates.HasFlag(HardwareUpdate.AccessFlag);
        if (write && hd && (!pte.Af || !pte.Db))
        {
            return Encode(pte with { Af = true, Db = true });
        }
        return ha && !pte.Af ? Encode(pte with { Af = true }) : null;
    }

    /// <summary>
    /// Bit 55, one of the bits AArch64 leaves to software in a descriptor: vrm marks its stage-2 descriptors
    /// with it, so that a value reads back as stage 1 or stage 2 (their permission bits differ).
    /// </summary>
    public const long Stage2Tag = 1L << 55;

    /// <summary>Stage 2's S2AP: bit 6 allows reads, bit 7 writes (1 = allowed, unlike stage 1's AP[2]).</summary>
    public const long S2ReadBit = 1L << 6;
    public const long S2WriteBit = 1L << 7;

    public static long EncodeStage2(Stage2Fields f) =>
        (f.OutputAddress & OutputAddressMask) | PageBit | Stage2Tag
        | (f.Valid ? ValidBit : 0) | (f.Read ? S2ReadBit : 0) | (f.Write ? S2WriteBit : 0) | (f.Af ? AfBit : 0);

    public static Stage2Fields DecodeStage2(long value) => new(
        value & OutputAddressMask,
        Valid: (value & ValidBit) != 0,
        Af: (value & AfBit) != 0,
        Read: (value & S2ReadBit) != 0,
        Write: (value & S2WriteBit) != 0);

    public static bool IsStage2Descriptor(long value) =>
        (value & Stage2Tag) != 0 && (value & PageBit) != 0 && (value & ~(ValidBit | PageBit | S2ReadBit | S2WriteBit | AfBit | OutputAddressMask | Stage2Tag)) == 0;

    /// <summary>A stage-2 descriptor in herd's style: <c>(oa:PA(x), write:0)</c>, the non-default fields after the address.</summary>
    public static string FormatStage2(Stage2Fields f, Func<long, string> outputAddress)
    {
        var sb = new StringBuilder("(oa:").Append(outputAddress(f.OutputAddress));
        foreach (var (name, value) in new[] { ("af", f.Af), ("valid", f.Valid), ("read", f.Read), ("write", f.Write) })
        {
            if (!value)
            {
                sb.Append(", ").Append(name).Append(":0");
            }
        }
        return sb.Append(')').ToString();
    }

    /// <summary>
    /// A stage-2 check: invalid → translation fault; AF clear → access-flag fault (no hardware management at
    /// stage 2 here); a read without S2AP read or a write without S2AP write → permission fault.
    /// </summary>
    public static FaultKind? FaultOfStage2(Stage2Fields f, bool write) =>
        !f.Valid ? FaultKind.Translation
        : !f.Af ? FaultKind.AccessFlag
        : (write ? !f.Write : !f.Read) ? FaultKind.Permission
        : null;
}

/// <summary>The fields of a stage-2 (IPA to PA) page descriptor: output address, valid, AF, and S2AP's read and write permissions.</summary>
public readonly record struct Stage2Fields(long OutputAddress, bool Valid = true, bool Af = true, bool Read = true, bool Write = true);
