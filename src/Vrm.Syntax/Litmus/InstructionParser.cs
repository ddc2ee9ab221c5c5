namespace Vrm.Syntax.Litmus;

/// <summary>
/// The operand grammar of AArch64 assembly, shared by every mnemonic; which operands a mnemonic takes is
/// decided by the lowering, which names the instruction when it does not support it.
/// </summary>
public static class InstructionParser
{
    private static readonly HashSet<string> Modifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "LSL", "LSR", "ASR", "ROR", "SXTW", "UXTW", "SXTX", "UXTX", "SXTB", "UXTB", "SXTH", "UXTH", "MSL",
    };

    public static InstructionSyntax Parse(SourceText src, string text, SourcePos pos)
    {
        int space = 0;
        while (space < text.Length && !char.IsWhiteSpace(text[space]))
        {
            space++;
        }
        var mnemonic = text[..space].ToUpperInvariant();
        var operands = new List<Operand>();
        var rest = text[space..];
        int restCol = pos.Col + space;
        foreach (var (part, offset) in SplitTopLevel(rest))
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                throw src.Error(pos with { Col = restCol + offset }, $"empty operand in '{text}'");
            }
            int lead = part.Length - part.TrimStart().Length;
            operands.Add(ParseOperand(src, trimmed, pos with { Col = restCol + offset + lead }));
        }
        return new InstructionSyntax(mnemonic, operands, pos);
    }

    private static IEnumerable<(string Part, int Offset)> SplitTopLevel(string text)
    {
        if (text.Trim().Length == 0)
        {
            yield break;
        }
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '[')
            {
                depth++;
            }
            else if (text[i] == ']')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return (text[start..i], start);
                start = i + 1;
            }
        }
        yield return (text[start..], start);
    }

    private static Operand ParseOperand(SourceText src, string text, SourcePos pos)
    {
        if (text.Length == 0)
        {
            throw src.Error(pos, "empty operand");
        }
        if (text.StartsWith('#'))
        {
            return new ImmOperand(ParseImmediate(src, text, pos), pos);
        }
        if (text.StartsWith('['))
        {
            bool preIndex = text.EndsWith("]!", StringComparison.Ordinal);
            if (preIndex)
            {
                text = text[..^1];
            }
            if (!text.EndsWith(']'))
            {
                throw src.Error(pos, $"expected ']' to close '{text}'");
            }
            var inner = text[1..^1];
            var parts = SplitTopLevel(inner).ToList();
            var baseReg = parts.Count == 0 ? "" : parts[0].Part.Trim().ToUpperInvariant();
            if (!IsRegister(baseReg))
            {
                throw src.Error(pos with { Col = pos.Col + 1 }, $"expected a base register in '{text}'");
            }
            Operand? offset = null;
            ModifierOperand? modifier = null;
            if (parts.Count > 3)
            {
                throw src.Error(pos, $"too many parts in address '{text}'");
            }
            for (int i = 1; i < parts.Count; i++)
            {
                var p = parts[i].Part.Trim();
                var ppos = pos with { Col = pos.Col + 1 + parts[i].Offset };
                if (p.Length == 0)
                {
                    throw src.Error(ppos, $"empty operand in address '{text}'");
                }
                var op = ParseOperand(src, p, ppos);
                if (op is ModifierOperand m && i > 1)
                {
                    modifier = m;
                }
                else if (i == 1 && op is RegOperand or ImmOperand)
                {
                    offset = op;
                }
                else
                {
                    throw src.Error(ppos, $"unexpected '{p}' in address '{text}'");
                }
            }
            return new MemOperand(baseReg, offset, modifier, pos, preIndex);
        }
        var words = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (Modifiers.Contains(words[0]))
        {
            long amount = words.Length > 1 ? ParseImmediate(src, words[1].Trim(), pos) : 0;
            return new ModifierOperand(words[0].ToUpperInvariant(), amount, pos);
        }
        if (words.Length > 1)
        {
            throw src.Error(pos, $"unexpected operand '{text}'");
        }
        if (char.IsDigit(text[0]) || (text.Length > 1 && text[0] == '-' && char.IsDigit(text[1])))
        {
            // herd also reads an immediate without its '#' (MOV W1,2; LSR X1,X1,12).
            return new ImmOperand(ParseImmediate(src, text, pos), pos);
        }
        var upper = text.ToUpperInvariant();
        return IsRegister(upper) ? new RegOperand(upper, pos) : new NameOperand(text, pos);
    }

    private static long ParseImmediate(SourceText src, string text, SourcePos pos)
    {
        var body = text.TrimStart('#').Trim();
        bool negative = body.StartsWith('-');
        if (negative)
        {
            body = body[1..];
        }
        if (!Lexer.TryParseNumber(body, out long value))
        {
            throw src.Error(pos, $"malformed immediate '{text}'");
        }
        return negative ? -value : value;
    }

    public static bool IsRegister(string name)
    {
        if (name is "XZR" or "WZR" or "SP" or "WSP")
        {
            return true;
        }
        return name.Length >= 2 && name[0] is 'X' or 'W' && int.TryParse(name.AsSpan(1), out int n) && n is >= 0 and <= 30 && name[1] != '+';
    }
}
