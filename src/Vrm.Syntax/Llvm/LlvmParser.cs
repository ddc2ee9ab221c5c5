using System.Globalization;
using System.Numerics;

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
        while (Peek().Kind == LlvmTokenKind.Word && GlobalPrefixWords.Contains(Peek().Text))
        {
            Take();
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
        return new Global(nameToken.Text, type, init, constant, section, nameToken.Pos);
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

    // ---- types ----

    private static readonly HashSet<string> OtherTypeNames =
    [
        "half", "bfloat", "float", "double", "x86_fp80", "fp128", "ppc_fp128", "x86_mmx", "x86_amx", "label", "metadata", "token",
    ];

    private static bool IsTypeStart(LlvmToken t) => t.Kind switch
    {
        LlvmTokenKind.Local => true,
        LlvmTokenKind.Punct => t.Text is "[" or "{" or "<",
        LlvmTokenKind.Word => t.Text is "void" or "ptr" || IsIntTypeName(t.Text) || OtherTypeNames.Contains(t.Text),
        _ => false,
    };

    private static bool IsIntTypeName(string s) => s.Length > 1 && s[0] == 'i' && IsNumber(s[1..]);

    private LType ParseType()
    {
        var type = ParsePrimaryType();
        while (true)
        {
            if (Peek().IsWord("addrspace") && Peek(1).Is("("))
            {
                Take();
                SkipBalanced();
                ExpectPunct("*");
                type = new PtrType(type);
            }
            else if (TryPunct("*"))
            {
                type = new PtrType(type);
            }
            else if (Peek().Is("("))
            {
                Take();
                var ps = new List<LType>();
                bool varArg = false;
                while (!TryPunct(")"))
                {
                    if (ps.Count > 0 || varArg)
                    {
                        ExpectPunct(",");
                    }
                    if (TryPunct("..."))
                    {
                        varArg = true;
                        continue;
                    }
                    ps.Add(ParseType());
                }
                type = new FunctionType(type, ps, varArg);
            }
            else
            {
                return type;
            }
        }
    }

    private LType ParsePrimaryType()
    {
        var t = Take();
        switch (t.Kind)
        {
            case LlvmTokenKind.Local:
                return new NamedType(t.Text);
            case LlvmTokenKind.Word when t.Text == "void":
                return new VoidType();
            case LlvmTokenKind.Word when t.Text == "ptr":
                if (Peek().IsWord("addrspace") && Peek(1).Is("("))
                {
                    Take();
                    SkipBalanced();
                }
                return new PtrType(null);
            case LlvmTokenKind.Word when IsIntTypeName(t.Text):
                return new IntType(int.Parse(t.Text.AsSpan(1), CultureInfo.InvariantCulture));
            case LlvmTokenKind.Word when OtherTypeNames.Contains(t.Text):
                return new OtherType(t.Text);
            case LlvmTokenKind.Punct when t.Text == "[":
                {
                    long count = ParseInt(Expect(LlvmTokenKind.Int, "an array length"));
                    ExpectWord("x");
                    var element = ParseType();
                    ExpectPunct("]");
                    return new ArrayType(count, element);
                }
            case LlvmTokenKind.Punct when t.Text == "{":
                return new StructType(ParseFieldTypes("}"), false);
            case LlvmTokenKind.Punct when t.Text == "<" && TryPunct("{"):
                {
                    var fields = ParseFieldTypes("}");
                    ExpectPunct(">");
                    return new StructType(fields, true);
                }
            case LlvmTokenKind.Punct when t.Text == "<":
                {
                    TryWord("vscale");
                    Expect(LlvmTokenKind.Int, "a vector length");
                    ExpectWord("x");
                    ParseType();
                    var close = ExpectPunct(">");
                    return new OtherType(text[t.Offset..(close.Offset + 1)]);
                }
            default:
                throw Error(t, $"expected a type but found {t.Describe()}");
        }
    }

    private List<LType> ParseFieldTypes(string close)
    {
        var fields = new List<LType>();
        while (!TryPunct(close))
        {
            if (fields.Count > 0)
            {
                ExpectPunct(",");
            }
            fields.Add(ParseType());
        }
        return fields;
    }

    // ---- values and constants ----

    private TypedValue ParseTypedValue()
    {
        var type = ParseType();
        return new TypedValue(type, ParseValue());
    }

    private LValue ParseValue()
    {
        var t = Peek();
        switch (t.Kind)
        {
            case LlvmTokenKind.Local:
                Take();
                return new LocalRef(t.Text);
            case LlvmTokenKind.Global:
                Take();
                return new GlobalRef(t.Text);
            case LlvmTokenKind.Int:
                Take();
                return new IntConst(ParseInt(t));
            case LlvmTokenKind.Float:
                Take();
                return new OtherConst(t.Text);
            case LlvmTokenKind.CString:
                Take();
                return new StringConst(LlvmLexer.DecodeBytes(t.Text));
            case LlvmTokenKind.Punct when t.Text is "{" or "[":
                Take();
                return new AggregateConst(ParseConstElements(t.Text == "{" ? "}" : "]"));
            case LlvmTokenKind.Punct when t.Text == "<":
                {
                    Take();
                    bool packed = TryPunct("{");
                    var elements = ParseConstElements(packed ? "}" : ">");
                    if (packed)
                    {
                        ExpectPunct(">");
                    }
                    return new AggregateConst(elements);
                }
            case LlvmTokenKind.Word:
                return ParseWordConstant();
            default:
                throw Error(t, $"expected a value but found {t.Describe()}");
        }
    }

    private List<TypedValue> ParseConstElements(string close)
    {
        var elements = new List<TypedValue>();
        while (!TryPunct(close))
        {
            if (elements.Count > 0)
            {
                ExpectPunct(",");
            }
            elements.Add(ParseTypedValue());
        }
        return elements;
    }

    private LValue ParseWordConstant()
    {
        var t = Take();
        switch (t.Text)
        {
            case "true":
                return new IntConst(1);
            case "false":
                return new IntConst(0);
            case "null":
                return new NullConst();
            case "undef":
                return new UndefConst(false);
            case "poison":
                return new UndefConst(true);
            case "zeroinitializer":
                return new ZeroInitConst();
            case "none":
                return new OtherConst("none");
            case "getelementptr":
                {
                    bool inbounds = TryWord("inbounds");
                    ExpectPunct("(");
                    var sourceType = ParseType();
                    ExpectPunct(",");
                    var gepBase = ParseTypedValue();
                    var indices = new List<TypedValue>();
                    while (TryPunct(","))
                    {
                        TryWord("inrange");
                        indices.Add(ParseTypedValue());
                    }
                    ExpectPunct(")");
                    return new ConstExpr(new GetElementPtrInstr(sourceType, gepBase, indices, inbounds) { Pos = t.Pos });
                }
            case var op when CastOps.Contains(op):
                {
                    ExpectPunct("(");
                    var value = ParseTypedValue();
                    ExpectWord("to");
                    var to = ParseType();
                    ExpectPunct(")");
                    return new ConstExpr(new CastInstr(op, value, to) { Pos = t.Pos });
                }
            case var op when BinaryOps.Contains(op):
                {
                    SkipWords(BinaryFlags);
                    ExpectPunct("(");
                    var left = ParseTypedValue();
                    ExpectPunct(",");
                    var right = ParseTypedValue();
                    ExpectPunct(")");
                    return new ConstExpr(new BinaryInstr(op, left.Type, left.Value, right.Value) { Pos = t.Pos });
                }
            case "icmp":
                {
                    var pred = Expect(LlvmTokenKind.Word, "a comparison predicate").Text;
                    ExpectPunct("(");
                    var left = ParseTypedValue();
                    ExpectPunct(",");
                    var right = ParseTypedValue();
                    ExpectPunct(")");
                    return new ConstExpr(new ICmpInstr(pred, left.Type, left.Value, right.Value) { Pos = t.Pos });
                }
            case "select":
                {
                    ExpectPunct("(");
                    var cond = ParseTypedValue();
                    ExpectPunct(",");
                    var ifTrue = ParseTypedValue();
                    ExpectPunct(",");
                    var ifFalse = ParseTypedValue();
                    ExpectPunct(")");
                    return new ConstExpr(new SelectInstr(cond, ifTrue, ifFalse) { Pos = t.Pos });
                }
            default:
                if (Peek().Is("("))
                {
                    // blockaddress(@f, %bb), dso_local_equivalent @f, fneg (...): kept as written.
                    SkipBalanced();
                    return new OtherConst(text[t.Offset..(tokens[next - 1].Offset + tokens[next - 1].Text.Length)]);
                }
                if (t.Text is "dso_local_equivalent" or "no_cfi")
                {
                    var target = Take();
                    return new OtherConst($"{t.Text} @{target.Text}");
                }
                throw Error(t, $"expected a value but found {t.Describe()}");
        }
    }

    private long ParseInt(LlvmToken t)
    {
        if (long.TryParse(t.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            return v;
        }
        if (BigInteger.TryParse(t.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
        {
            return unchecked((long)(ulong)(big & ulong.MaxValue)); // wider than 64 bits: the low 64 bits, as i64 would hold them
        }
        throw Error(t, $"expected an integer but found {t.Describe()}");
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
