namespace Vrm.Syntax.Litmus;

/// <summary>The text of one input file with comments blanked out, and the map from offsets to line and column.</summary>
public sealed class SourceText
{
    private readonly int[] lineStarts;

    public SourceText(string file, string text)
    {
        File = file;
        Text = BlankComments(text.Replace("\r\n", "\n"));
        var starts = new List<int> { 0 };
        for (int i = 0; i < Text.Length; i++)
        {
            if (Text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        lineStarts = [.. starts];
    }

    public string File { get; }

    public string Text { get; }

    public int LineCount => lineStarts.Length;

    public SourcePos PosOf(int offset)
    {
        int line = Array.BinarySearch(lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }
        return new SourcePos(line + 1, offset - lineStarts[line] + 1);
    }

    public int LineStart(int line) => lineStarts[line - 1];

    public int LineEnd(int line) => line < lineStarts.Length ? lineStarts[line] - 1 : Text.Length;

    public string Line(int line) => Text[LineStart(line)..LineEnd(line)];

    public DiagnosticException Error(SourcePos pos, string message, bool unsupported = false) =>
        new(new Diagnostic(File, pos, message), unsupported);

    /// <summary>OCaml-style comments, which nest, become spaces so that positions stay right.</summary>
    private static string BlankComments(string text)
    {
        var chars = text.ToCharArray();
        int depth = 0;
        bool inString = false;
        for (int i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '\n')
            {
                inString = false;
            }
            if (depth == 0 && chars[i] == '"')
            {
                inString = !inString;
            }
            if (inString)
            {
                continue;
            }
            if (i + 1 < chars.Length && chars[i] == '(' && chars[i + 1] == '*')
            {
                depth++;
                chars[i] = chars[i + 1] = ' ';
                i++;
            }
            else if (depth > 0 && i + 1 < chars.Length && chars[i] == '*' && chars[i + 1] == ')')
            {
                depth--;
                chars[i] = chars[i + 1] = ' ';
                i++;
            }
            else if (depth > 0 && chars[i] != '\n')
            {
                chars[i] = ' ';
            }
        }
        return new string(chars);
    }
}
