using System.Globalization;

namespace Vrm.Syntax.Llvm;

/// <summary>
/// Metadata: only the debug-location nodes are read (DILocation, the scopes it points through, DIFile);
/// every other metadata line is skipped whole.
/// </summary>
public sealed partial class LlvmParser
{
    /// <summary>The nodes whose fields lead from a DILocation to its file.</summary>
    private static readonly HashSet<string> LocationKinds =
    [
        "DILocation", "DIFile", "DISubprogram", "DILexicalBlock", "DILexicalBlockFile", "DINamespace", "DIModule",
        "DICompositeType", "DICommonBlock",
    ];

    private sealed record DebugNode(string Kind, int Scope, int File, int Line, int Column, string? FileName);

    private readonly Dictionary<int, DebugNode> debugNodes = [];

    /// <summary>Reads <c>!N = [distinct] !DIKind(field: value, ...)</c> when the kind matters; skips the line otherwise.</summary>
    private void ParseMetadataLine()
    {
        var id = Take();
        int line = id.Line;
        if (!IsNumber(id.Text) || !Peek().Is("="))
        {
            SkipLine(line); // named metadata: !llvm.module.flags = !{...}
            return;
        }
        Take();
        TryWord("distinct");
        var kind = Peek();
        if (kind.Kind != LlvmTokenKind.Meta || !LocationKinds.Contains(kind.Text) || !Peek(1).Is("("))
        {
            SkipLine(line);
            return;
        }
        Take();
        Take();
        int scope = -1, fileId = -1, lineNo = 0, column = 0;
        string? fileName = null, directory = null;
        while (!TryPunct(")"))
        {
            var field = Peek();
            if (field.Kind == LlvmTokenKind.End || field.Line != line)
            {
                throw Error(field, $"expected ')' but found {field.Describe()}");
            }
            Take();
            if (field.Is(","))
            {
                continue;
            }
            ExpectPunct(":");
            var value = Peek();
            SkipFieldValue();
            switch (field.Text)
            {
                case "scope" when value.Kind == LlvmTokenKind.Meta:
                    scope = MetaNumber(value);
                    break;
                case "file" when value.Kind == LlvmTokenKind.Meta:
                    fileId = MetaNumber(value);
                    break;
                case "line" when value.Kind == LlvmTokenKind.Int:
                    lineNo = (int)ParseInt(value);
                    break;
                case "column" when value.Kind == LlvmTokenKind.Int:
                    column = (int)ParseInt(value);
                    break;
                case "filename" when value.Kind == LlvmTokenKind.String:
                    fileName = LlvmLexer.DecodeString(value.Text);
                    break;
                case "directory" when value.Kind == LlvmTokenKind.String:
                    directory = LlvmLexer.DecodeString(value.Text);
                    break;
            }
        }
        debugNodes[int.Parse(id.Text, CultureInfo.InvariantCulture)] = new DebugNode(kind.Text, scope, fileId, lineNo, column,
            // clang writes a file under the compile directory relative to it; a relative name alone is ambiguous.
            fileName is null || directory is null or "" or "." || Path.IsPathRooted(fileName) ? fileName : Path.Combine(directory, fileName));
    }

    /// <summary>Skips one field value up to the ',' or ')' that ends it: <c>!3</c>, <c>"a\22b"</c>, <c>DIFlagA | DIFlagB</c>, <c>!{...}</c>.</summary>
    private void SkipFieldValue()
    {
        int depth = 0;
        while (true)
        {
            var t = Peek();
            if (t.Kind == LlvmTokenKind.End || depth == 0 && (t.Is(",") || t.Is(")")))
            {
                return;
            }
            if (t.Kind == LlvmTokenKind.Punct && t.Text is "(" or "[" or "{")
            {
                depth++;
            }
            else if (t.Kind == LlvmTokenKind.Punct && t.Text is ")" or "]" or "}")
            {
                depth--;
            }
            Take();
        }
    }

    private static int MetaNumber(LlvmToken t) =>
        int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1;

    /// <summary>Each DILocation (and DISubprogram) number mapped to its C file, line and column.</summary>
    private Dictionary<int, DebugLocation> ResolveLocations()
    {
        var locations = new Dictionary<int, DebugLocation>();
        foreach (var (id, node) in debugNodes)
        {
            if (node.Kind is "DILocation" or "DISubprogram")
            {
                locations[id] = new DebugLocation(FileOf(node), node.Line, node.Column);
            }
        }
        return locations;
    }

    /// <summary>The file name of a node: its own <c>file:</c>, else its scope's, up the chain.</summary>
    private string FileOf(DebugNode node)
    {
        for (int depth = 0; depth < 1000; depth++)
        {
            if (node.Kind == "DIFile")
            {
                return node.FileName ?? "";
            }
            if (node.File >= 0 && debugNodes.TryGetValue(node.File, out var f))
            {
                return f.FileName ?? "";
            }
            if (node.Scope < 0 || !debugNodes.TryGetValue(node.Scope, out var scope))
            {
                break;
            }
            node = scope;
        }
        return "";
    }
}
