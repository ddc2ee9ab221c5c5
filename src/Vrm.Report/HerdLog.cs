using System.Globalization;
using Vrm.Syntax.Litmus;

namespace Vrm.Report;

/// <summary>One test's result as herd7 printed it, with its <c>Flag</c> lines.</summary>
public sealed record HerdEntry(string Name, string? File, IReadOnlySet<string> States, string Observation)
{
    public IReadOnlySet<string> Flags { get; init; } = new HashSet<string>();
}

/// <summary>Reads herd7 output (optionally with the corpus's <c># file</c> lines) into per-test entries.</summary>
public sealed class HerdLog
{
    private readonly Dictionary<string, HerdEntry> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HerdEntry> byFile = new(StringComparer.Ordinal);

    public IReadOnlyCollection<HerdEntry> Entries => byName.Values;

    /// <summary>Reads a log; a line that is not herd's layout is an input error naming <paramref name="logFile"/> and the line.</summary>
    public static HerdLog Parse(string text, string logFile = "herd7 log")
    {
        var log = new HerdLog();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        string? file = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("# file ", StringComparison.Ordinal))
            {
                file = line[7..].Trim();
                continue;
            }
            if (!line.StartsWith("Test ", StringComparison.Ordinal))
            {
                continue;
            }
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2)
            {
                throw Malformed(logFile, i, "expected a test name after 'Test'");
            }
            var name = words[1];
            var states = new HashSet<string>(StringComparer.Ordinal);
            var flags = new HashSet<string>(StringComparer.Ordinal);
            string observation = "";
            for (i++; i < lines.Length; i++)
            {
                var l = lines[i];
                if (l.StartsWith("States ", StringComparison.Ordinal))
                {
                    if (!int.TryParse(l[7..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                    {
                        throw Malformed(logFile, i, $"expected a number of states after 'States' but found '{l[7..].Trim()}'");
                    }
                    for (int k = 0; k < n && i + 1 < lines.Length; k++)
                    {
                        states.Add(CanonicalState(lines[++i]));
                    }
                }
                else if (l.StartsWith("Flag ", StringComparison.Ordinal))
                {
                    flags.Add(l[5..].Trim());
                }
                else if (l.StartsWith("Observation ", StringComparison.Ordinal))
                {
                    var parts = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    observation = parts.Length > 2 ? parts[2] : "";
                    break;
                }
            }
            var entry = new HerdEntry(name, file, states, observation) { Flags = flags };
            log.byName[name] = entry;
            if (file is not null)
            {
                log.byFile[file] = entry;
            }
            file = null;
        }
        return log;
    }

    private static Syntax.DiagnosticException Malformed(string file, int line, string message) =>
        new(new Syntax.Diagnostic(file, new Syntax.SourcePos(line + 1, 1), message + " (is this a herd7 log?)"));

    /// <summary>A state as a sorted list of <c>loc=value</c> items, numbers in decimal, so layouts compare equal.</summary>
    public static string CanonicalState(string line)
    {
        var items = line.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item =>
            {
                int eq = item.IndexOf('=');
                if (eq < 0)
                {
                    return item;
                }
                var loc = item[..eq].Trim();
                var value = item[(eq + 1)..].Trim();
                bool negative = value.StartsWith('-');
                var digits = negative ? value[1..] : value;
                if (Lexer.TryParseNumber(digits, out long v))
                {
                    value = (negative ? -v : v).ToString(CultureInfo.InvariantCulture);
                }
                return loc + "=" + value;
            })
            .Order(StringComparer.Ordinal);
        return string.Join("; ", items);
    }

    public HerdEntry? Find(string file, string name, string? root)
    {
        if (root is not null)
        {
            var rel = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (byFile.TryGetValue(rel, out var e))
            {
                return e;
            }
        }
        return byFile.TryGetValue(Path.GetFileName(file), out var f) ? f : byName.GetValueOrDefault(name);
    }
}
