namespace Vrm.Syntax.Litmus;

/// <summary>The page-table (VMSA) header lines: <c>TTHM=HA HD</c>, <c>TTHM=P0:HA</c>, <c>EL0=P0</c>.</summary>
public static class VmsaHeader
{
    private static readonly char[] Separators = [' ', '\t', '|', ','];

    /// <summary>
    /// <c>HA</c> (hardware access-flag update), <c>HD</c> (hardware dirty-bit update), for every thread or,
    /// as <c>P1:HD</c>, for one; herd separates them with spaces, vrm also accepts '|' and ','.
    /// </summary>
    public static IEnumerable<HardwareUpdateSyntax> HardwareUpdates(SourceText src, string value, SourcePos pos)
    {
        foreach (var (word, col) in Words(value))
        {
            var at = pos with { Col = pos.Col + col };
            int colon = word.IndexOf(':');
            int? thread = colon < 0 ? null : Thread(src, word[..colon], at);
            var flag = word[(colon + 1)..].ToUpperInvariant();
            if (flag is not ("HA" or "HD"))
            {
                throw src.Error(at, $"unknown TTHM flag '{word}': expected HA, HD, or P<n>:HA and P<n>:HD for one thread");
            }
            yield return new HardwareUpdateSyntax(thread, flag, at);
        }
    }

    /// <summary>The threads of <c>VM=P1:1 P2:2</c>, each with the VMID (1 to 255) of the virtual machine it runs in.</summary>
    public static IEnumerable<(int Thread, int Vmid)> VmThreads(SourceText src, string value, SourcePos pos)
    {
        foreach (var (word, col) in Words(value))
        {
            var at = pos with { Col = pos.Col + col };
            int colon = word.IndexOf(':');
            if (colon < 0 || !int.TryParse(word.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int vmid) || vmid is < 1 or > 255)
            {
                throw src.Error(at, $"expected a thread and its VMID such as 'P1:1' (VMID 1 to 255) but found '{word}'");
            }
            yield return (Thread(src, word[..colon], at), vmid);
        }
    }

    /// <summary>The threads of <c>EL0=P0 P1</c>.</summary>
    public static IEnumerable<int> Threads(SourceText src, string value, SourcePos pos) =>
        Words(value).Select(w => Thread(src, w.Word, pos with { Col = pos.Col + w.Col }));

    private static int Thread(SourceText src, string word, SourcePos pos) =>
        word.Length >= 2 && word[0] == 'P' && int.TryParse(word.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int t)
            ? t
            : throw src.Error(pos, $"expected a thread such as 'P0' but found '{word}'");

    private static IEnumerable<(string Word, int Col)> Words(string value)
    {
        int i = 0;
        while (i < value.Length)
        {
            if (Array.IndexOf(Separators, value[i]) >= 0)
            {
                i++;
                continue;
            }
            int j = i;
            while (j < value.Length && Array.IndexOf(Separators, value[j]) < 0)
            {
                j++;
            }
            yield return (value[i..j], i);
            i = j;
        }
    }
}
