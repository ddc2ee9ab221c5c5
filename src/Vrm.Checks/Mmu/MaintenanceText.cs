using Vrm.Programs;

namespace Vrm.Checks.Mmu;

/// <summary>
/// The sentences of the stale-translation diagnostic, shared by the axiomatic and the Promising check so that
/// one missing piece of TLB maintenance reads the same whichever model found it. Threads are
/// <see cref="Models.Diagnosis.ThreadToken"/>s; an instruction is named with its thread and line.
/// </summary>
internal static class MaintenanceText
{
    public static string Named(string thread, Instr ins) => $"{thread}'s '{ins.Text}' (line {ins.Pos.Line})";

    /// <summary>The page a walk translated: the variable on it, else the entry's location.</summary>
    public static string Stale(string walk, string page, string entry, string writer, string value, string missing) =>
        $"{walk} translated {page} with the stale entry {entry} although {writer} wrote {value} before it: {missing}";

    public static string NoTlbi(string writer) => $"{writer} has no TLBI of the page after that write (TLBI VAAE1IS with the page number, then DSB ISH)";

    public static string OtherAsid(string named, int asid, string walker, int walkAsid) =>
        $"{named} names ASID {asid}, but {walker} walked the non-global entry with ASID {walkAsid}";

    public static string LastLevelOnly(string named) =>
        $"{named} invalidates only last-level entries; the table entry needs a TLBI of every level (VAAE1IS, not VALE1IS)";

    public static string NotOrdered(string named) => $"the write is not ordered before {named}: put a DSB between them";

    public static string NotCompleted(string named) => $"{named} is not completed by a DSB";

    public static string LocalOnly(string named, string writer, string walker) => $"{named} invalidates only {writer}'s TLB; {walker} needs the broadcast form (…IS)";

    public static string NoContextSync(string walker, string writer) =>
        $"{walker} does not order the translation after {writer}'s TLBI: it needs a context synchronisation (ISB after a control dependency, or DSB; ISB) before the access";

    /// <summary>
    /// A stage-2 entry without its TLBI: <paramref name="named"/> is the first TLBI of the page after the write
    /// (null: none), <paramref name="target"/> its operation and <paramref name="tlbiVmid"/> the VMID it ran with.
    /// </summary>
    public static string Stage2(string writer, int vmid, string? named, TlbiTarget target, int tlbiVmid)
    {
        string fix = $"TLBI IPAS2E1IS with the IPA page, with VMID {vmid} in VTTBR_EL2, then DSB ISH";
        return named is null ? $"{writer} has no TLBI of VM {vmid}'s stage-2 entry after that write ({fix})"
            : target is TlbiTarget.Ipa or TlbiTarget.VmAllS12 ? $"{named} ran with VMID {tlbiVmid} in VTTBR_EL2, not VM {vmid}'s: {fix}"
            : $"{named} invalidates stage-1 entries only; VM {vmid}'s stage-2 entry needs {fix}";
    }
}
