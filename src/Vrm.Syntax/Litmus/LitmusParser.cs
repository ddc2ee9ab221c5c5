namespace Vrm.Syntax.Litmus;

/// <summary>
/// Reads a herd-format litmus file in two levels, as herd does: a splitter finds the header, metadata,
/// init block, thread table and the trailing locations/filter/condition; <see cref="StateParser"/> reads
/// init and conditions and <see cref="InstructionParser"/> reads each thread cell.
/// </summary>
public static class LitmusParser
{
    private static readonly string[] ConditionKeywords = ["exists", "~exists", "forall", "final", "locations", "filter", "~", "cases", "observed"];

    public static LitmusTest Parse(string file, string text)
    {
        var src = new SourceText(file, text);
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            throw src.Error(src.PosOf(nul), "not a text file: a litmus test has no NUL bytes");
        }
        int line = 1;
        while (line <= src.LineCount && string.IsNullOrWhiteSpace(src.Line(line)))
        {
            line++;
        }
        if (line > src.LineCount)
        {
            throw src.Error(new SourcePos(1, 1), "empty file: expected a header such as 'AArch64 NAME'");
        }
        var (arch, name, doc) = ParseHeader(src, line);
        line++;
        var metadata = new List<KeyValuePair<string, string>>();
        var metadataPos = new List<SourcePos>();
        int initOffset = -1;
        for (; line <= src.LineCount; line++)
        {
            var raw = src.Line(line);
            var trimmed = raw.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }
            if (trimmed.StartsWith('{'))
            {
                initOffset = src.LineStart(line) + raw.IndexOf('{');
                break;
            }
            if (trimmed.StartsWith('"'))
            {
                doc ??= trimmed.Trim('"');
                continue;
            }
            int eq = trimmed.IndexOf('=');
            if (eq <= 0)
            {
                throw src.Error(new SourcePos(line, raw.Length - raw.TrimStart().Length + 1), "expected 'Key=Value' metadata or the init block '{'");
            }
            metadata.Add(new(trimmed[..eq].Trim(), trimmed[(eq + 1)..].Trim()));
            int valueStart = raw.IndexOf('=') + 1;
            while (valueStart < raw.Length && char.IsWhiteSpace(raw[valueStart]))
            {
                valueStart++;
            }
            metadataPos.Add(new SourcePos(line, valueStart + 1));
        }
        var variants = Variant.None;
        var updates = new List<HardwareUpdateSyntax>();
        var el0 = new List<int>();
        int levels = 1;
        var vms = new List<(int, int)>();
        for (int m = 0; m < metadata.Count; m++)
        {
            var (key, value) = metadata[m];
            if (key.Equals("Variant", StringComparison.OrdinalIgnoreCase))
            {
                variants |= Variants.ParseList(value);
                if (Variants.Unsupported(variants, declared: true) is { } reason)
                {
                    throw src.Error(new SourcePos(1, 1), $"unsupported: {reason}", unsupported: true);
                }
            }
            else if (key == "TTHM")
            {
                updates.AddRange(VmsaHeader.HardwareUpdates(src, value, metadataPos[m]));
            }
            else if (key == "EL0")
            {
                el0.AddRange(VmsaHeader.Threads(src, value, metadataPos[m]));
            }
            else if (key == "VM")
            {
                vms.AddRange(VmsaHeader.VmThreads(src, value, metadataPos[m]));
            }
            else if (key == "Levels")
            {
                levels = value.Trim() is "1" or "2" or "3" or "4"
                    ? value.Trim()[0] - '0'
                    : throw src.Error(metadataPos[m], $"expected Levels=1, 2, 3 or 4 (translation levels of a walk) but found '{value.Trim()}'");
            }
        }
        if (initOffset < 0)
        {
            throw src.Error(src.PosOf(src.Text.Length), "missing init block '{ ... }'");
        }
        int close = MatchingBrace(src.Text, initOffset);
        if (close < 0)
        {
            throw src.Error(src.PosOf(initOffset), "init block '{' is never closed by '}'");
        }
        var init = StateParser.ParseInit(src, initOffset + 1, close);
        int tableLine = src.PosOf(close).Line;
        var rest = src.Line(tableLine)[(src.PosOf(close).Col)..];
        if (rest.Trim().Length > 0)
        {
            throw src.Error(new SourcePos(tableLine, src.PosOf(close).Col + 1), "expected the thread table on the line after '}'");
        }
        tableLine++;
        int condLine = tableLine;
        while (condLine <= src.LineCount && !StartsCondition(src.Line(condLine)))
        {
            condLine++;
        }
        var threads = ThreadTableParser.Parse(src, tableLine, condLine - 1);
        var (locations, filter, condition) = StateParser.ParseTrailer(src, condLine <= src.LineCount ? src.LineStart(condLine) : src.Text.Length);
        return new LitmusTest(file, arch, name, doc, metadata, init, threads, locations, filter, condition)
        {
            Variants = variants,
            HardwareUpdates = updates,
            El0Threads = el0,
            Levels = levels,
            VmThreads = vms,
        };
    }

    /// <summary>The '}' that closes the '{' at <paramref name="open"/>: array initialisers nest inside the init block.</summary>
    private static int MatchingBrace(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static bool StartsCondition(string line)
    {
        var t = line.TrimStart();
        foreach (var k in ConditionKeywords)
        {
            if (t.StartsWith(k, StringComparison.Ordinal) && (t.Length == k.Length || !char.IsLetterOrDigit(t[k.Length]) || k == "~"))
            {
                return k != "~" || t.StartsWith("~exists", StringComparison.Ordinal) || t.StartsWith("~ exists", StringComparison.Ordinal);
            }
        }
        return false;
    }

    /// <summary>The architectures herd7 reads: a test for one of them is valid input vrm does not model.</summary>
    private static readonly HashSet<string> HerdArchitectures = new(StringComparer.OrdinalIgnoreCase)
    {
        "X86", "X86_64", "PPC", "ARM", "MIPS", "RISCV", "C", "CPP", "LISA", "JAVA", "BPF", "ASL",
    };

    /// <summary>At most 40 characters of a word, control characters shown as '?', for a message about it.</summary>
    private static string Printable(string word) =>
        new([.. word.Take(40).Select(c => char.IsControl(c) || c == '\uFFFD' ? '?' : c)]);

    private static (string Arch, string Name, string? Doc) ParseHeader(SourceText src, int line)
    {
        var raw = src.Line(line);
        var parts = raw.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        int col = raw.Length - raw.TrimStart().Length + 1;
        if (parts.Length < 2)
        {
            throw src.Error(new SourcePos(line, col), "expected a header such as 'AArch64 NAME'");
        }
        if (!string.Equals(parts[0], "AArch64", StringComparison.OrdinalIgnoreCase) && !string.Equals(parts[0], "ARM64", StringComparison.OrdinalIgnoreCase))
        {
            bool herd = HerdArchitectures.Contains(parts[0]);
            throw src.Error(new SourcePos(line, col), herd
                ? $"unsupported architecture '{parts[0]}': vrm reads AArch64 litmus tests"
                : $"unknown architecture '{Printable(parts[0])}': expected a header such as 'AArch64 NAME'", unsupported: herd);
        }
        string? doc = parts.Length > 2 && parts[2].TrimStart().StartsWith('"') ? parts[2].Trim().Trim('"') : null;
        return ("AArch64", parts[1], doc);
    }
}
