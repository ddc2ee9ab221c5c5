namespace Vrm.Syntax.Litmus;

/// <summary>
/// herd's <c>-variant</c> words that change how vrm runs a test (herdtools7 <c>herd/variant.mli</c>). A test gets
/// them from three places, each read by <see cref="Variants"/> and nowhere else: its <c>Variant=</c> header,
/// <c>vrm litmus --variant</c>, and the corpus folder it sits in (<c>vrm conformance</c>).
/// </summary>
[Flags]
public enum Variant
{
    None = 0,

    /// <summary>Page tables, TLBs and faults (herd's <c>vmsa</c>, also spelled <c>kvm</c>).</summary>
    Vmsa = 1 << 0,

    /// <summary>Mixed-size accesses. vrm recognises them in the accesses themselves (see <see cref="Variants.Unsupported"/>).</summary>
    Mixed = 1 << 1,

    /// <summary>Instruction fetch: not modelled.</summary>
    Ifetch = 1 << 2,

    /// <summary>Memory tagging (<c>memtag</c>, also <c>mte</c>): not modelled.</summary>
    Memtag = 1 << 3,

    /// <summary>A fault without a handler ends the thread (herd's default, as <see cref="Precise"/>).</summary>
    Fatal = 1 << 4,

    Precise = 1 << 5,

    /// <summary>A fault without a handler is recorded and the instruction retried (as <see cref="Handled"/>).</summary>
    Imprecise = 1 << 6,

    Handled = 1 << 7,

    /// <summary>FEAT_ETS2: a DSB also orders later walks.</summary>
    Ets2 = 1 << 8,
}

/// <summary>Reads <see cref="Variant"/>s from a header, an option or a folder, and says which of them vrm cannot run.</summary>
public static class Variants
{
    private static readonly (string Word, Variant Variant)[] Words =
    [
        ("vmsa", Variant.Vmsa), ("kvm", Variant.Vmsa), ("mixed", Variant.Mixed), ("ifetch", Variant.Ifetch),
        ("memtag", Variant.Memtag), ("mte", Variant.Memtag), ("fatal", Variant.Fatal), ("precise", Variant.Precise),
        ("imprecise", Variant.Imprecise), ("handled", Variant.Handled), ("ets2", Variant.Ets2),
    ];

    /// <summary>Every word <see cref="TryParse"/> knows, lower-case: what <c>--variant</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Words.Select(w => w.Word)];

    /// <summary>One herd variant word, in any case (herd's tests write <c>Fatal</c>, <c>ETS2</c>).</summary>
    public static bool TryParse(string word, out Variant variant)
    {
        foreach (var (w, v) in Words)
        {
            if (w.Equals(word.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                variant = v;
                return true;
            }
        }
        variant = Variant.None;
        return false;
    }

    /// <summary>
    /// A <c>Variant=</c> header's value, such as <c>vmsa,fatal</c>. Words vrm does not know are left out: herd has
    /// many (<c>SVE</c>, <c>NV2</c>...) and the tests that need them fail on their instructions instead.
    /// </summary>
    public static Variant ParseList(string value) =>
        Parse(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The variants some words name, leaving out those vrm does not know (see <see cref="ParseList"/>).</summary>
    public static Variant Parse(IEnumerable<string> words)
    {
        var result = Variant.None;
        foreach (var word in words)
        {
            if (TryParse(word, out var v))
            {
                result |= v;
            }
        }
        return result;
    }

    /// <summary>
    /// Why vrm cannot run a test with <paramref name="variants"/>, or null. <paramref name="declared"/>: the test's
    /// own <c>Variant=</c> header says them. Mixed sizes are recognised in the accesses, so <c>--variant mixed</c> (or
    /// a folder of herd's mixed tests) changes nothing, while a test that declares <c>Variant=mixed</c> is written for
    /// herd's byte-level model and is refused.
    /// </summary>
    public static string? Unsupported(Variant variants, bool declared) =>
        variants.HasFlag(Variant.Ifetch) ? "instruction fetch (Variant=ifetch)"
        : declared && variants.HasFlag(Variant.Mixed) ? "mixed-size accesses (Variant=mixed)"
        : variants.HasFlag(Variant.Memtag) ? "memory tagging (Variant=memtag)"
        : null;

    /// <summary>
    /// The variants a corpus folder's tests run with (its README: <c>-variant vmsa</c> for the page-table folder,
    /// <c>-variant mixed</c> for the mixed-size ones), judged on the words of its path below <paramref name="root"/>,
    /// so that where the corpus itself lives (a checkout under <c>vmsa-work/</c>) does not count. When the folder is
    /// the root itself (<c>vrm conformance corpus/vmsa</c>), its own name decides.
    /// </summary>
    public static Variant OfFolder(string root, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(folder));
        var path = relative == "." ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))) : relative;
        var result = Variant.None;
        var words = new string([.. path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            if (TryParse(word, out var v) && v is Variant.Vmsa or Variant.Mixed)
            {
                result |= v;
            }
        }
        return result;
    }
}
