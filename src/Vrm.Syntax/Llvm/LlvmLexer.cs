using System.Text;

namespace Vrm.Syntax.Llvm;

internal enum LlvmTokenKind
{
    /// <summary>A bare word: keyword, type name (<c>i32</c>), label name, metadata field name.</summary>
    Word,

    /// <summary>A decimal integer, possibly negative.</summary>
    Int,

    /// <summary>A floating-point literal (<c>1.5e+00</c>, <c>0x3FF0000000000000</c>).</summary>
    Float,

    /// <summary>A string <c>"..."</c>; the text is the raw content between the quotes.</summary>
    String,

    /// <summary>A byte string <c>c"..."</c>; the text is the raw content between the quotes.</summary>
    CString,

    /// <summary><c>%name</c>, <c>%7</c> or <c>%"quoted"</c>; the text has no sigil.</summary>
    Local,

    /// <summary><c>@name</c>; the text has no sigil.</summary>
    Global,

    /// <summary><c>!name</c> or <c>!12</c>; the text has no sigil. A lone <c>!</c> (before <c>{</c> or a string) is punctuation.</summary>
    Meta,

    /// <summary><c>#3</c>, an attribute group; the text has no sigil.</summary>
    AttrGroup,

    Punct,
    End,
}

internal readonly record struct LlvmToken(LlvmTokenKind Kind, string Text, int Line, int Col, int Offset)
{
    public SourcePos Pos => new(Line, Col);

    public bool Is(string punct) => Kind == LlvmTokenKind.Punct && Text == punct;

    public bool IsWord(string word) => Kind == LlvmTokenKind.Word && Text == word;

    public string Describe() => Kind switch
    {
        LlvmTokenKind.End => "end of input",
        LlvmTokenKind.String => $"'\"{Text}\"'",
        LlvmTokenKind.CString => $"'c\"{Text}\"'",
        LlvmTokenKind.Local => $"'%{Text}'",
        LlvmTokenKind.Global => $"'@{Text}'",
        LlvmTokenKind.Meta => $"'!{Text}'",
        LlvmTokenKind.AttrGroup => $"'#{Text}'",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits LLVM IR text into tokens, dropping <c>;</c> comments. Each token keeps its line, so the
/// parser can skip the rest of a line it has no use for (attribute groups, metadata it ignores).
/// </summary>
internal static class LlvmLexer
{
    public static List<LlvmToken> Scan(string file, string text)
    {
        var tokens = new List<LlvmToken>(text.Length / 6);
        // Names, numbers and keywords repeat a lot (i32, align, !dbg, %12): one string each keeps the GC quiet.
        var pool = new Dictionary<string, string>().GetAlternateLookup<ReadOnlySpan<char>>();
        string Intern(ReadOnlySpan<char> span)
        {
            if (!pool.TryGetValue(span, out var s))
            {
                s = span.ToString();
                pool[span] = s;
            }
            return s;
        }
        int line = 1, lineStart = 0, i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = ++i;
                continue;
            }
            if (c is ' ' or '\t' or '\r')
            {
                i++;
                continue;
            }
            if (c == ';')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            int start = i, col = i - lineStart + 1;
            LlvmTokenKind kind;
            string tokenText;
            switch (c)
            {
                case '%' or '@' or '!' or '#' when i + 1 < text.Length && IsNameStart(c, text[i + 1]):
                    kind = c switch
                    {
                        '%' => LlvmTokenKind.Local,
                        '@' => LlvmTokenKind.Global,
                        '!' => LlvmTokenKind.Meta,
                        _ => LlvmTokenKind.AttrGroup,
                    };
                    if (text[i + 1] == '"')
                    {
                        tokenText = DecodeString(ScanString(file, text, i + 1, line, col, out i));
                    }
                    else
                    {
                        i = ScanName(text, i + 1);
                        tokenText = Intern(text.AsSpan((start + 1)..i));
                    }
                    break;
                case '"':
                    kind = LlvmTokenKind.String;
                    tokenText = ScanString(file, text, i, line, col, out i);
                    break;
                case 'c' when i + 1 < text.Length && text[i + 1] == '"':
                    kind = LlvmTokenKind.CString;
                    tokenText = ScanString(file, text, i + 1, line, col, out i);
                    break;
                case '.' when string.CompareOrdinal(text, i, "...", 0, 3) == 0:
                    kind = LlvmTokenKind.Punct;
                    tokenText = "...";
                    i += 3;
                    break;
                case '-' or '+' when i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]):
                case >= '0' and <= '9':
                    (kind, i) = ScanNumber(text, i);
                    tokenText = Intern(text.AsSpan(start..i));
                    break;
                case '=' or ',' or '(' or ')' or '[' or ']' or '{' or '}' or '<' or '>' or '*' or ':' or '|' or '!' or '^':
                    kind = LlvmTokenKind.Punct;
                    tokenText = Intern(text.AsSpan(i, 1));
                    i++;
                    break;
                default:
                    if (!IsNameChar(c) || c == '-')
                    {
                        throw new DiagnosticException(new Diagnostic(file, new SourcePos(line, col), $"unexpected character '{c}'"));
                    }
                    kind = LlvmTokenKind.Word;
                    i = ScanName(text, i);
                    tokenText = Intern(text.AsSpan(start..i));
                    break;
            }
            tokens.Add(new LlvmToken(kind, tokenText, line, col, start));
        }
        tokens.Add(new LlvmToken(LlvmTokenKind.End, "", line, i - lineStart + 1, text.Length));
        return tokens;
    }

    /// <summary>Decodes LLVM's string escapes (<c>\XX</c> hex, <c>\\</c>) to bytes.</summary>
    public static byte[] DecodeBytes(string raw)
    {
        var bytes = new List<byte>(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] == '\\')
            {
                bytes.Add((byte)'\\');
                i++;
            }
            else if (c == '\\' && i + 2 < raw.Length && char.IsAsciiHexDigit(raw[i + 1]) && char.IsAsciiHexDigit(raw[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        return [.. bytes];
    }

    public static string DecodeString(string raw) => raw.Contains('\\') ? Encoding.UTF8.GetString(DecodeBytes(raw)) : raw;

    private static bool IsNameStart(char sigil, char next) =>
        next == '"' || char.IsAsciiDigit(next) || (sigil != '#' && IsNameChar(next));

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$' or '-';

    private static int ScanName(string text, int i)
    {
        while (i < text.Length && IsNameChar(text[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>Returns the raw content of the string whose opening quote is at <paramref name="quote"/>.</summary>
    private static string ScanString(string file, string text, int quote, int line, int col, out int after)
    {
        int close = quote + 1;
        while (close < text.Length && text[close] != '"' && text[close] != '\n')
        {
            close++;
        }
        if (close >= text.Length || text[close] != '"')
        {
            throw new DiagnosticException(new Diagnostic(file, new SourcePos(line, col), "unterminated string"));
        }
        after = close + 1;
        return text[(quote + 1)..close];
    }

    private static (LlvmTokenKind Kind, int End) ScanNumber(string text, int i)
    {
        if (text[i] is '-' or '+')
        {
            i++;
        }
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] == 'x')
        {
            i += 2;
            while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
            }
            return (LlvmTokenKind.Float, i);
        }
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        // "12:" is a numbered label and "7" an integer; "1.500000e+00" is a float.
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i < text.Length && text[i] is 'e' or 'E')
            {
                i++;
                if (i < text.Length && text[i] is '-' or '+')
                {
                    i++;
                }
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
            return (LlvmTokenKind.Float, i);
        }
        return (LlvmTokenKind.Int, i);
    }
}
