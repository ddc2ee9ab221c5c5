using System.Globalization;

namespace Vrm.Syntax.Litmus;

public enum TokenKind { Ident, Number, String, Punct, End }

public readonly record struct Token(TokenKind Kind, string Text, SourcePos Pos, long Number = 0)
{
    public bool Is(string punct) => Kind == TokenKind.Punct && Text == punct;

    public bool IsWord(string word) => Kind == TokenKind.Ident && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.String => $"\"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>Tokens of the init block, the conditions and the locations/filter lines, shared by all of them.</summary>
public sealed class Lexer
{
    private static readonly string[] TwoCharPuncts = ["/\\", "\\/", "=>", "!=", "=="];
    private readonly List<Token> tokens = [];
    private int next;

    public Lexer(SourceText source, int start, int end)
    {
        Source = source;
        Scan(start, end);
    }

    public SourceText Source { get; }

    public Token Peek(int ahead = 0) => tokens[Math.Min(next + ahead, tokens.Count - 1)];

    public Token Take() => tokens[Math.Min(next++, tokens.Count - 1)];

    public bool TryTake(string punct)
    {
        if (!Peek().Is(punct))
        {
            return false;
        }
        next++;
        return true;
    }

    public Token Expect(string punct, string what)
    {
        var t = Peek();
        if (!t.Is(punct))
        {
            throw Source.Error(t.Pos, $"expected {what} but found {t.Describe()}");
        }
        return Take();
    }

    public bool AtEnd => Peek().Kind == TokenKind.End;

    private void Scan(int start, int end)
    {
        var text = Source.Text;
        int i = start;
        while (i < end)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var pos = Source.PosOf(i);
            if (char.IsLetter(c) || c == '_')
            {
                int j = i + 1;
                while (j < end && (char.IsLetterOrDigit(text[j]) || text[j] is '_' or '.'))
                {
                    j++;
                }
                tokens.Add(new Token(TokenKind.Ident, text[i..j], pos));
                i = j;
            }
            else if (char.IsDigit(c))
            {
                int j = i + 1;
                while (j < end && char.IsLetterOrDigit(text[j]))
                {
                    j++;
                }
                var word = text[i..j];
                if (!TryParseNumber(word, out long value))
                {
                    throw Source.Error(pos, $"malformed number '{word}'");
                }
                tokens.Add(new Token(TokenKind.Number, word, pos, value));
                i = j;
            }
            else if (c == '"')
            {
                int j = text.IndexOf('"', i + 1);
                if (j < 0 || j >= end)
                {
                    throw Source.Error(pos, "unterminated string");
                }
                tokens.Add(new Token(TokenKind.String, text[(i + 1)..j], pos));
                i = j + 1;
            }
            else
            {
                var two = i + 1 < end ? text.Substring(i, 2) : "";
                if (Array.IndexOf(TwoCharPuncts, two) >= 0)
                {
                    tokens.Add(new Token(TokenKind.Punct, two, pos));
                    i += 2;
                }
                else if ("{}[]();:=|,*&+-~!<>".Contains(c))
                {
                    tokens.Add(new Token(TokenKind.Punct, c.ToString(), pos));
                    i++;
                }
                else
                {
                    throw Source.Error(pos, $"unexpected character '{c}'");
                }
            }
        }
        tokens.Add(new Token(TokenKind.End, "", Source.PosOf(end)));
    }

    /// <summary>Decimal or 0x-hexadecimal, as herd accepts them.</summary>
    public static bool TryParseNumber(string word, out long value)
    {
        if (word.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            bool ok = ulong.TryParse(word.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong u);
            value = unchecked((long)u);
            return ok;
        }
        if (long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        bool big = ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out ulong ul);
        value = unchecked((long)ul);
        return big;
    }
}
