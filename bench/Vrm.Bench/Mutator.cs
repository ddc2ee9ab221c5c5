using System.Text;
using System.Text.RegularExpressions;

namespace Vrm.Bench;

/// <summary>
/// Text mutations of our own examples, as a hostile or careless user makes them: characters and lines
/// dropped, doubled, swapped or truncated; words and numbers replaced by others of the same files or by
/// extreme ones; deep nesting, long repetitions, binary bytes. Every choice comes from the given
/// <see cref="Random"/>, so a seed gives the same mutants on every machine.
/// </summary>
public sealed partial class Mutator(Random rng, IReadOnlyList<string> vocabulary)
{
    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "2", "255", "4096", "65536", "2147483647", "-2147483648", "4294967296", "9223372036854775807",
        "-9223372036854775808", "18446744073709551616", "99999999999999999999999", "0x", "0xFFFFFFFFFFFFFFFF", "1e300", "NaN", "",
    ];

    private const string Punctuation = "()[]{},;:=|~/\\#-+*&!<>\"'.";

    /// <summary>Applies one to three mutations to <paramref name="text"/>.</summary>
    public string Mutate(string text)
    {
        // Mostly one change, so that many mutants still parse and reach the models.
        int count = rng.Next(10) < 6 ? 1 : 2 + rng.Next(2);
        for (int i = 0; i < count; i++)
        {
            text = MutateOnce(text);
        }
        return text;
    }

    private string MutateOnce(string text)
    {
        var lines = text.Split('\n').ToList();
        switch (rng.Next(16))
        {
            case 0:
                return DeleteSpan(text);
            case 1:
                return Insert(text, Punctuation[rng.Next(Punctuation.Length)].ToString());
            case 2:
                lines.RemoveAt(rng.Next(lines.Count));
                return string.Join('\n', lines);
            case 3:
                {
                    int k = rng.Next(lines.Count);
                    lines.InsertRange(k, Enumerable.Repeat(lines[k], rng.Next(4) == 0 ? 1 + rng.Next(300) : 1));
                    return string.Join('\n', lines);
                }
            case 4:
                {
                    int a = rng.Next(lines.Count), b = rng.Next(lines.Count);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    return string.Join('\n', lines);
                }
            case 5:
                return ReplaceMatch(text, Word(), _ => vocabulary.Count == 0 ? "x" : vocabulary[rng.Next(vocabulary.Count)]);
            case 6:
                return ReplaceMatch(text, Number(), _ => Numbers[rng.Next(Numbers.Length)]);
            case 7:
                return text[..rng.Next(text.Length + 1)];
            case 8:
                return Nest(text);
            case 9:
                return Insert(text, rng.Next(3) switch { 0 => "\0", 1 => "\u00ff\u00fe", _ => "\t" });
            case 10:
                return ReplaceMatch(text, Word(), m => m.Value.ToUpperInvariant() == m.Value ? m.Value.ToLowerInvariant() : m.Value + m.Value[^1]);
            case 11:
                return Insert(text, rng.Next(2) == 0 ? "\n" : " ");
            case 12:
                {
                    // A long word: lexers and clang meet identifiers of a few thousand characters.
                    var m = Word().Matches(text);
                    return m.Count == 0 ? text : ReplaceAt(text, m[rng.Next(m.Count)], w => w + new string(w[^1], 1 + rng.Next(5000)));
                }
            case 13:
                return ReplaceMatch(text, Punct(), _ => Punctuation[rng.Next(Punctuation.Length)].ToString());
            case 14:
                {
                    // Splice a line of another place of the same file: operands where instructions were, and so on.
                    int a = rng.Next(lines.Count), b = rng.Next(lines.Count);
                    lines[a] = lines[a][..rng.Next(lines[a].Length + 1)] + lines[b][rng.Next(lines[b].Length + 1)..];
                    return string.Join('\n', lines);
                }
            default:
                return ReplaceMatch(text, Word(), _ => vocabulary.Count == 0 ? "x" : vocabulary[rng.Next(vocabulary.Count)] + vocabulary[rng.Next(vocabulary.Count)]);
        }
    }

    /// <summary>Wraps a parenthesised or bracketed part in many more of the same, or negates it many times.</summary>
    private string Nest(string text)
    {
        int open = text.IndexOfAny(['(', '[', '{'], rng.Next(text.Length + 1) is int from && from < text.Length ? from : 0);
        if (open < 0)
        {
            return text;
        }
        int depth = rng.Next(4) == 0 ? 1000 + rng.Next(20_000) : 1 + rng.Next(300);
        char c = text[open];
        var prefix = rng.Next(3) == 0 ? string.Concat(Enumerable.Repeat("~", depth)) : new string(c, depth);
        var close = c switch { '(' => ')', '[' => ']', _ => '}' };
        int end = text.IndexOf(close, open);
        var suffix = prefix[0] == '~' ? "" : new string(close, depth);
        return end < 0 ? text.Insert(open, prefix) : text[..open] + prefix + text[open..(end + 1)] + suffix + text[(end + 1)..];
    }

    private string DeleteSpan(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }
        int at = rng.Next(text.Length);
        int length = Math.Min(text.Length - at, rng.Next(4) == 0 ? rng.Next(40) : 1);
        return text.Remove(at, length);
    }

    private string Insert(string text, string what) => text.Insert(rng.Next(text.Length + 1), what);

    private string ReplaceMatch(string text, Regex pattern, Func<Match, string> with)
    {
        var matches = pattern.Matches(text);
        return matches.Count == 0 ? text : ReplaceAt(text, matches[rng.Next(matches.Count)], _ => with(matches[rng.Next(matches.Count)]));
    }

    private static string ReplaceAt(string text, Match m, Func<string, string> with) =>
        new StringBuilder(text.Length + 16).Append(text, 0, m.Index).Append(with(m.Value)).Append(text, m.Index + m.Length, text.Length - m.Index - m.Length).ToString();

    /// <summary>The words of some files, to swap one for another (mnemonics, registers, variables, keywords).</summary>
    public static List<string> Vocabulary(IEnumerable<string> texts) =>
        [.. texts.SelectMany(t => Word().Matches(t).Select(m => m.Value)).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_.]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"-?(0x[0-9A-Fa-f]+|[0-9]+)")]
    private static partial Regex Number();

    [GeneratedRegex(@"[()\[\]{},;:=|~#]")]
    private static partial Regex Punct();
}
