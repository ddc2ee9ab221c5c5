namespace Vrm.Syntax.Litmus;

/// <summary>The thread table: a header row <c>P0 | P1 ;</c> then one row per line, cells split by '|'.</summary>
public static class ThreadTableParser
{
    public static IReadOnlyList<ThreadSyntax> Parse(SourceText src, int firstLine, int lastLine)
    {
        var rows = Rows(src, firstLine, lastLine);
        if (rows.Count == 0)
        {
            throw src.Error(new SourcePos(Math.Min(firstLine, src.LineCount), 1), "missing thread table: expected a header such as 'P0 | P1 ;'");
        }
        var threads = new List<(string Name, int Index, bool Handler, SourcePos Pos, List<CodeLine> Lines)>();
        foreach (var (text, pos) in rows[0])
        {
            var name = text.Trim();
            bool handler = name.EndsWith(".F", StringComparison.Ordinal);
            var number = handler ? name[1..^2] : name.Length > 1 ? name[1..] : "";
            if (name.Length < 2 || name[0] != 'P' || !int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
            {
                throw src.Error(pos, $"expected a thread name such as 'P0' but found '{name}'");
            }
            threads.Add((name, index, handler, pos, []));
        }
        foreach (var cells in rows.Skip(1))
        {
            if (cells.Count > threads.Count)
            {
                throw src.Error(cells[threads.Count].Pos, $"row has {cells.Count} cells but the table has {threads.Count} thread{(threads.Count == 1 ? "" : "s")}");
            }
            for (int i = 0; i < cells.Count; i++)
            {
                ParseCell(src, cells[i].Text, cells[i].Pos, threads[i].Lines);
            }
        }
        return [.. threads.Select(t => new ThreadSyntax(t.Index, t.Name, t.Lines, t.Pos) { IsFaultHandler = t.Handler })];
    }

    /// <summary>
    /// Rows end with ';' and cells are split by '|', as herd reads them: a row may run over several lines
    /// (a comment inside it, say). Text after the last ';' is an error: usually a misspelt condition.
    /// </summary>
    private static List<List<(string Text, SourcePos Pos)>> Rows(SourceText src, int firstLine, int lastLine)
    {
        var rows = new List<List<(string Text, SourcePos Pos)>>();
        if (firstLine > lastLine)
        {
            return rows;
        }
        int start = src.LineStart(firstLine), end = src.LineEnd(lastLine);
        var text = src.Text;
        var cells = new List<(string Text, SourcePos Pos)>();
        int cellStart = start;
        for (int i = start; i <= end; i++)
        {
            if (i < end && text[i] != '|' && text[i] != ';')
            {
                continue;
            }
            var cell = text[cellStart..i];
            int lead = cell.Length - cell.TrimStart().Length;
            if (i == end)
            {
                if (cell.Trim().Length > 0 || cells.Count > 0)
                {
                    throw src.Error(src.PosOf(cellStart + lead), $"expected ';' at the end of the thread-table row '{cell.Trim()}' (or a condition: exists, ~exists, forall)");
                }
                break;
            }
            cells.Add((cell.Trim(), src.PosOf(cellStart + lead)));
            cellStart = i + 1;
            if (text[i] == ';')
            {
                if (cells.Count > 1 || cells[0].Text.Length > 0)
                {
                    rows.Add(cells);
                }
                cells = [];
            }
        }
        return rows;
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
