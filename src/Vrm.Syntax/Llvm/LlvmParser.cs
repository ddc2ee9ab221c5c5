using System.Globalization;

namespace Vrm.Syntax.Llvm;

/// <summary>
/// Reads the LLVM IR text clang 14 prints for C (<c>clang -S -emit-llvm -g -O1</c>) into a <see cref="Module"/>.
/// A hand-written recursive descent over <see cref="LlvmLexer"/> tokens. Things vrm has no use for
/// (attribute groups, most metadata, parameter attributes) are skipped; instructions it does not model
/// become <see cref="UnsupportedInstr"/> so that the lowering can name them if they are ever reached.
/// </summary>
public sealed partial class LlvmParser
{
    private readonly string file;
    private readonly string text;
    private readonly List<LlvmToken> tokens;
    private int next;

    /// <summary>The next implicit number of the function being read (unnamed parameters, entry block, results).</summary>
    private int nextNumber;

    private LlvmParser(string file, string text)
    {
        this.file = file;
        this.text = text;
        tokens = LlvmLexer.Scan(file, text);
    }

    /// <summary>Parses a whole .ll file; throws <see cref="DiagnosticException"/> at the first syntax error.</summary>
    public static Module Parse(string file, string text) => new LlvmParser(file, text).ParseModule();

    private Module ParseModule()
    {
        string? sourceFileName = null, targetTriple = null;
        var types = new Dictionary<string, LType>();
        var globals = new List<Global>();
        var functions = new List<Function>();
        while (Peek().Kind != LlvmTokenKind.End)
        {
            var t = Peek();
            switch (t.Kind)
            {
                case LlvmTokenKind.Word when t.Text == "source_filename":
                    Take();
                    ExpectPunct("=");
                    sourceFileName = LlvmLexer.DecodeString(Expect(LlvmTokenKind.String, "a string").Text);
                    break;
                case LlvmTokenKind.Word when t.Text == "target":
                    Take();
                    var which = Expect(LlvmTokenKind.Word, "'triple' or 'datalayout'");
                    ExpectPunct("=");
                    var value = LlvmLexer.DecodeString(Expect(LlvmTokenKind.String, "a string").Text);
                    if (which.Text == "triple")
                    {
                        targetTriple = value;
                    }
                    break;
                case LlvmTokenKind.Word when t.Text is "define" or "declare":
                    functions.Add(ParseFunction());
                    break;
                case LlvmTokenKind.Word when t.Text is "attributes" or "module" or "uselistorder" or "uselistorder_bb" || t.Text.StartsWith('$'):
                    SkipLine(t.Line);
                    break;
                case LlvmTokenKind.Local:
                    Take();
                    ExpectPunct("=");
                    ExpectWord("type");
                    types[t.Text] = TryWord("opaque") ? new OtherType("opaque") : ParseType();
                    break;
                case LlvmTokenKind.Global:
                    if (ParseGlobal() is { } g)
                    {
                        globals.Add(g);
                    }
                    break;
                case LlvmTokenKind.Meta:
                    ParseMetadataLine();
                    break;
                case LlvmTokenKind.Punct when t.Text == "^":
                    SkipLine(t.Line);
                    break;
                default:
                    throw Error(t, $"expected a global, function, type or metadata definition but found {t.Describe()}");
            }
            ExpectLineEnd();
        }
        return new Module(file, sourceFileName, targetTriple, types, globals, functions, ResolveLocations());
    }

    /// <summary>Linkage, visibility and the other keywords between <c>@x =</c> and <c>global</c>.</summary>
    private static readonly HashSet<string> GlobalPrefixWords =
    [
        "private", "internal", "available_externally", "linkonce", "weak", "common", "appending", "extern_weak",
        "linkonce_odr", "weak_odr", "external", "dso_local", "dso_preemptable", "default", "hidden", "protected",
        "dllimport", "dllexport", "thread_local", "unnamed_addr", "local_unnamed_addr", "externally_initialized",
        "addrspace",
    ];

    private Global? ParseGlobal()
    {
        var nameToken = Take();
        ExpectPunct("=");
        bool threadLocal = false;
        while (Peek().Kind == LlvmTokenKind.Word && GlobalPrefixWords.Contains(Peek().Text))
        {
            threadLocal |= Take().Text == "thread_local";
            if (Peek().Is("("))
            {
                SkipBalanced();
            }
        }
        if (Peek().IsWord("alias") || Peek().IsWord("ifunc"))
        {
            SkipLine(nameToken.Line);
            return null;
        }
        bool constant = TryWord("constant");
        if (!constant)
        {
            ExpectWord("global");
        }
        var type = ParseType();
        LValue? init = null;
        if (!AtLineEnd() && !Peek().Is(","))
        {
            init = ParseValue();
        }
        string? section = null;
        while (Peek().Is(",") && !AtLineEnd())
        {
            Take();
            var t = Peek();
            if (t.Kind == LlvmTokenKind.Meta)
            {
                ParseAttachment();
            }
            else if (TryWord("section"))
            {
                section = LlvmLexer.DecodeString(Expect(LlvmTokenKind.String, "a section name").Text);
            }
            else if (TryWord("partition"))
            {
                Expect(LlvmTokenKind.String, "a partition name");
            }
            else if (TryWord("align"))
            {
                Expect(LlvmTokenKind.Int, "an alignment");
            }
            else if (TryWord("comdat"))
            {
                if (Peek().Is("("))
                {
                    SkipBalanced();
                }
            }
            else if (t.Kind == LlvmTokenKind.Word)
            {
                Take(); // no_sanitize_address and the like
            }
            else
            {
                throw Error(t, $"expected a global attribute but found {t.Describe()}");
            }
        }
        return new Global(nameToken.Text, type, init, constant, section, nameToken.Pos) { ThreadLocal = threadLocal };
    }

    private Function ParseFunction()
    {
        var start = Take();
        bool define = start.Text == "define";
        int debugId = -1;
        string? section = null;
        // Linkage, calling convention, return attributes and (on declarations) !dbg come before the type.
        while (!IsTypeStart(Peek()))
        {
            var t = Peek();
            if (t.Kind == LlvmTokenKind.Meta)
            {
                debugId = ParseAttachment() ?? debugId;
            }
            else if (t.Kind == LlvmTokenKind.Word)
            {
                SkipKeyword();
            }
            else
            {
                throw Error(t, $"expected a return type but found {t.Describe()}");
            }
        }
        var returnType = ParseType();
        var name = Expect(LlvmTokenKind.Global, "a function name").Text;
        nextNumber = 0;
        var parameters = new List<Param>();
        ExpectPunct("(");
        while (!TryPunct(")"))
        {
            if (parameters.Count > 0 || Peek().Is(","))
            {
                ExpectPunct(",");
            }
            if (TryPunct("..."))
            {
                continue;
            }
            var type = ParseType();
            SkipParamAttrs();
            string paramName = Peek().Kind == LlvmTokenKind.Local ? DefineLocal(Take()) : (nextNumber++).ToString(CultureInfo.InvariantCulture);
            parameters.Add(new Param(type, paramName));
        }
        while (define ? !Peek().Is("{") : !AtLineEnd())
        {
            var t = Peek();
            switch (t.Kind)
            {
                case LlvmTokenKind.Meta:
                    debugId = ParseAttachment() ?? debugId;
                    break;
                case LlvmTokenKind.Word when t.Text == "section":
                    Take();
                    section = LlvmLexer.DecodeString(Expect(LlvmTokenKind.String, "a section name").Text);
                    break;
                case LlvmTokenKind.Word when t.Text is "personality" or "prefix" or "prologue":
                    Take();
                    ParseTypedValue();
                    break;
                case LlvmTokenKind.Word when t.Text is "gc" or "partition":
                    Take();
                    Expect(LlvmTokenKind.String, "a string");
                    break;
                case LlvmTokenKind.Word:
                    SkipKeyword();
                    break;
                case LlvmTokenKind.AttrGroup:
                    Take();
                    break;
                case LlvmTokenKind.String:
                    Take();
                    if (TryPunct("="))
                    {
                        Expect(LlvmTokenKind.String, "a string");
                    }
                    break;
                default:
                    throw Error(t, define ? $"expected '{{' but found {t.Describe()}" : $"expected a function attribute but found {t.Describe()}");
            }
        }
        var blocks = define ? ParseBody() : [];
        return new Function(name, returnType, parameters, blocks, section, debugId, start.Pos);
    }

    private List<Block> ParseBody()
    {
        ExpectPunct("{");
        var blocks = new List<Block>();
        string? label = null;
        var instrs = new List<LInstr>();
        while (!TryPunct("}"))
        {
            var t = Peek();
            if (t.Kind == LlvmTokenKind.End)
            {
                throw Error(t, "expected '}' but found end of input");
            }
            if (t.Kind is LlvmTokenKind.Word or LlvmTokenKind.Int or LlvmTokenKind.String && Peek(1).Is(":"))
            {
                if (label is not null)
                {
                    blocks.Add(new Block(label, instrs));
                    instrs = [];
                }
                label = DefineLocal(Take());
                Take();
                continue;
            }
            if (t.IsWord("uselistorder") || t.IsWord("uselistorder_bb"))
            {
                SkipLine(t.Line);
                continue;
            }
            label ??= (nextNumber++).ToString(CultureInfo.InvariantCulture);
            instrs.Add(ParseInstruction());
            ExpectLineEnd();
        }
        if (label is not null)
        {
            blocks.Add(new Block(label, instrs));
        }
        return blocks;
    }

    /// <summary>Takes the name of a parameter, block label or result; a numbered one sets the implicit counter past it.</summary>
    private string DefineLocal(LlvmToken t)
    {
        var name = t.Kind == LlvmTokenKind.String ? LlvmLexer.DecodeString(t.Text) : t.Text;
        if (IsNumber(name) && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            nextNumber = n + 1;
        }
        return name;
    }

    private static bool IsNumber(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return s.Length > 0;
    }

    // ---- attributes and skipping ----

    private static readonly HashSet<string> ParamAttrs =
    [
        "noundef", "nonnull", "nocapture", "readnone", "readonly", "writeonly", "noalias", "signext", "zeroext", "returned",
        "align", "dereferenceable", "dereferenceable_or_null", "immarg", "inreg", "byval", "byref", "sret", "nest",
        "swiftself", "swifterror", "swiftasync", "nofree", "inalloca", "preallocated", "elementtype", "allocalign",
        "allocptr", "noundef", "alignstack", "noinit", "nocallback",
    ];

    private void SkipParamAttrs()
    {
        while (Peek().Kind == LlvmTokenKind.Word && ParamAttrs.Contains(Peek().Text) || Peek().Kind == LlvmTokenKind.String)
        {
            if (Peek().Kind == LlvmTokenKind.String)
            {
                Take();
                if (TryPunct("="))
                {
                    Expect(LlvmTokenKind.String, "a string");
                }
                continue;
            }
            SkipKeyword();
        }
    }

    /// <summary>Skips a keyword with its argument: <c>align 4</c>, <c>cc 10</c>, <c>dereferenceable(8)</c>, <c>addrspace(1)</c>.</summary>
    private void SkipKeyword()
    {
        var word = Take();
        if (Peek().Is("("))
        {
            SkipBalanced();
        }
        else if (word.Text is "align" or "cc" or "alignstack" && Peek().Kind == LlvmTokenKind.Int)
        {
            Take();
        }
    }

    private void SkipWords(HashSet<string> words)
    {
        while (Peek().Kind == LlvmTokenKind.Word && words.Contains(Peek().Text))
        {
            Take();
        }
    }

    /// <summary>Skips an opening bracket and everything up to its matching close.</summary>
    private void SkipBalanced()
    {
        int depth = 0;
        do
        {
            var t = Take();
            if (t.Kind == LlvmTokenKind.End)
            {
                throw Error(t, "unbalanced brackets: found end of input");
            }
            if (t.Kind == LlvmTokenKind.Punct)
            {
                if (t.Text is "(" or "[" or "{" or "<")
                {
                    depth++;
                }
                else if (t.Text is ")" or "]" or "}" or ">")
                {
                    depth--;
                }
            }
        }
        while (depth > 0);
    }

    // ---- token stream ----

    private LlvmToken Peek(int ahead = 0) => tokens[Math.Min(next + ahead, tokens.Count - 1)];

    /// <summary>Consumes the next token; the end token is never consumed, so it can be taken again.</summary>
    private LlvmToken Take()
    {
        var t = tokens[next];
        if (t.Kind != LlvmTokenKind.End)
        {
            next++;
        }
        return t;
    }

    private bool TryPunct(string punct)
    {
        if (!Peek().Is(punct))
        {
            return false;
        }
        next++;
        return true;
    }

    private bool TryWord(string word)
    {
        if (!Peek().IsWord(word))
        {
            return false;
        }
        next++;
        return true;
    }

    private LlvmToken ExpectPunct(string punct)
    {
        var t = Peek();
        if (!t.Is(punct))
        {
            throw Error(t, $"expected '{punct}' but found {t.Describe()}");
        }
        return Take();
    }

    private void ExpectWord(string word)
    {
        var t = Peek();
        if (!t.IsWord(word))
        {
            throw Error(t, $"expected '{word}' but found {t.Describe()}");
        }
        next++;
    }

    private LlvmToken Expect(LlvmTokenKind kind, string what)
    {
        var t = Peek();
        if (t.Kind != kind)
        {
            throw Error(t, $"expected {what} but found {t.Describe()}");
        }
        return Take();
    }

    /// <summary>True when the next token starts a new line (or the input ends): the current line is used up.</summary>
    private bool AtLineEnd() => next == 0 || Peek().Kind == LlvmTokenKind.End || Peek().Line != tokens[next - 1].Line;

    private void ExpectLineEnd()
    {
        if (!AtLineEnd())
        {
            var t = Peek();
            throw Error(t, $"expected end of line but found {t.Describe()}");
        }
    }

    private void SkipLine(int line)
    {
        while (Peek().Kind != LlvmTokenKind.End && Peek().Line == line)
        {
            next++;
        }
    }

    private string LineText(LlvmToken t)
    {
        int start = t.Offset == 0 ? 0 : text.LastIndexOf('\n', t.Offset - 1) + 1;
        int end = text.IndexOf('\n', t.Offset);
        return text[start..(end < 0 ? text.Length : end)].Trim();
    }

    private DiagnosticException Error(LlvmToken t, string message) => new(new Diagnostic(file, t.Pos, message));
}
