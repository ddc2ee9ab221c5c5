namespace Vrm.Syntax.Litmus;

/// <summary>The thread table: a header row <c>P0 | P1 ;</c> then one row per line, cells split by '|'.</summary>
public static class ThreadTableParser
{
    public static IReadOnlyList<ThreadSyntax> Parse(SourceText src, int firstLine, int lastLine)
    {
        int line = firstLine;
        while (line <= lastLine && string.IsNullOrWhiteSpace(src.Line(line)))
        {
            line++;
        }
        if (line > lastLine)
        {
            throw src.Error(new SourcePos(Math.Min(firstLine, src.LineCount), 1), "missing thread table: expected a header such as 'P0 | P1 ;'");
        }
        var header = SplitRow(src, line);
        var threads = new List<(string Name, int Index, SourcePos Pos, List<CodeLine> Lines)>();
        foreach (var (text, pos) in header)
        {
            var name = text.Trim();
            if (name.Length < 2 || name[0] != 'P' || !int.TryParse(name.AsSpan(1), out int index))
            {
                if (name.Contains(".F", StringComparison.Ordinal) || name.Contains(".E", StringComparison.Ordinal))
                {
                    throw src.Error(pos, $"unsupported: fault-handler thread '{name}' belongs to page-table (VMSA) tests", unsupported: true);
                }
                throw src.Error(pos, $"expected a thread name such as 'P0' but found '{name}'");
            }
            threads.Add((name, index, pos, []));
        }
        for (line++; line <= lastLine; line++)
        {
            if (string.IsNullOrWhiteSpace(src.Line(line)))
            {
                continue;
            }
            var cells = SplitRow(src, line);
            if (cells.Count > threads.Count)
            {
                throw src.Error(cells[threads.Count].Pos, $"row has {cells.Count} cells but the table has {threads.Count} threads");
            }
            for (int i = 0; i < cells.Count; i++)
            {
                ParseCell(src, cells[i].Text, cells[i].Pos, threads[i].Lines);
            }
        }
        return [.. threads.Select(t => new ThreadSyntax(t.Index, t.Name, t.Lines, t.Pos))];
    }

    private static List<(string Text, SourcePos Pos)> SplitRow(SourceText src, int line)
    {
        var raw = src.Line(line);
        int end = raw.LastIndexOf(';');
        if (end < 0)
        {
            end = raw.Length;
        }
        var cells = new List<(string, SourcePos)>();
        int start = 0;
        for (int i = 0; i <= end; i++)
        {
            if (i == end || raw[i] == '|')
            {
                var cell = raw[start..i];
                int lead = cell.Length - cell.TrimStart().Length;
                cells.Add((cell.Trim(), new SourcePos(line, start + lead + 1)));
                start = i + 1;
            }
        }
        return cells;
    }

    private static void ParseCell(SourceText src, string text, SourcePos pos, List<CodeLine> lines)
    {
        if (text.Length == 0)
        {
            return;
        }
        string? label = null;
        int colon = text.IndexOf(':');
        if (colon > 0 && IsLabel(text[..colon]))
        {
            label = text[..colon];
            var after = text[(colon + 1)..];
            int lead = after.Length - after.TrimStart().Length;
            pos = pos with { Col = pos.Col + colon + 1 + lead };
            text = after.Trim();
        }
        var instruction = text.Length == 0 ? null : InstructionParser.Parse(src, text, pos);
        lines.Add(new CodeLine(label, instruction, pos));
    }

    private static bool IsLabel(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c is '_' or '.');
}
