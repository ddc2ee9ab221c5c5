using System.Globalization;

namespace Vrm.Syntax.Llvm;

/// <summary>Instructions: one method per family, dispatched on the opcode.</summary>
public sealed partial class LlvmParser
{
    private static readonly HashSet<string> BinaryOps = ["add", "sub", "mul", "udiv", "sdiv", "urem", "srem", "shl", "lshr", "ashr", "and", "or", "xor"];

    private static readonly HashSet<string> BinaryFlags = ["nuw", "nsw", "exact", "disjoint"];

    private static readonly HashSet<string> CastOps = ["trunc", "zext", "sext", "bitcast", "ptrtoint", "inttoptr", "addrspacecast"];

    private static readonly HashSet<string> FastMathFlags = ["nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc", "fast"];

    private static readonly HashSet<string> Orderings = ["unordered", "monotonic", "acquire", "release", "acq_rel", "seq_cst"];

    /// <summary>Valid LLVM opcodes vrm does not model: read as <see cref="UnsupportedInstr"/> rather than rejected.</summary>
    private static readonly HashSet<string> UnsupportedOps =
    [
        "fneg", "fadd", "fsub", "fmul", "fdiv", "frem", "fcmp", "fptrunc", "fpext", "fptoui", "fptosi", "uitofp", "sitofp",
        "va_arg", "extractelement", "insertelement", "shufflevector", "landingpad", "invoke", "resume", "callbr",
        "indirectbr", "catchswitch", "catchret", "cleanupret", "catchpad", "cleanuppad",
    ];

    /// <summary>Words that begin the continuation lines of a multi-line instruction (invoke, landingpad).</summary>
    private static readonly HashSet<string> ContinuationWords = ["to", "unwind", "catch", "filter", "cleanup"];

    private LInstr ParseInstruction()
    {
        var first = Peek();
        string? result = null;
        if (first.Kind == LlvmTokenKind.Local && Peek(1).Is("="))
        {
            result = DefineLocal(Take());
            Take();
        }
        var op = Expect(LlvmTokenKind.Word, "an instruction");
        if (UnsupportedOps.Contains(op.Text))
        {
            return SkipUnsupported(op, first) with { Result = result, Pos = first.Pos };
        }
        LInstr instr = op.Text switch
        {
            var o when BinaryOps.Contains(o) => ParseBinary(o),
            var o when CastOps.Contains(o) => ParseCast(o),
            "icmp" => ParseICmp(),
            "select" => ParseSelect(),
            "phi" => ParsePhi(),
            "freeze" => new FreezeInstr(ParseTypedValue()),
            "alloca" => ParseAlloca(),
            "load" => ParseLoad(),
            "store" => ParseStore(),
            "getelementptr" => ParseGetElementPtr(),
            "cmpxchg" => ParseCmpXchg(),
            "atomicrmw" => ParseAtomicRmw(),
            "fence" => ParseFence(),
            "extractvalue" => ParseExtractValue(),
            "insertvalue" => ParseInsertValue(),
            "call" => ParseCall(),
            "tail" or "musttail" or "notail" => ParseTailCall(),
            "br" => ParseBr(),
            "switch" => ParseSwitch(),
            "ret" => ParseRet(),
            "unreachable" => new UnreachableInstr(),
            _ => throw Error(op, $"unknown instruction '{op.Text}'"),
        };
        int debugId = ParseAttachments();
        return instr with { Result = result, Pos = first.Pos, DebugId = debugId };
    }

    private BinaryInstr ParseBinary(string op)
    {
        SkipWords(BinaryFlags);
        var left = ParseTypedValue();
        ExpectPunct(",");
        return new BinaryInstr(op, left.Type, left.Value, ParseValue());
    }

    private CastInstr ParseCast(string op)
    {
        var value = ParseTypedValue();
        ExpectWord("to");
        return new CastInstr(op, value, ParseType());
    }

    private ICmpInstr ParseICmp()
    {
        var pred = Expect(LlvmTokenKind.Word, "a comparison predicate").Text;
        var left = ParseTypedValue();
        ExpectPunct(",");
        return new ICmpInstr(pred, left.Type, left.Value, ParseValue());
    }

    private SelectInstr ParseSelect()
    {
        SkipWords(FastMathFlags);
        var cond = ParseTypedValue();
        ExpectPunct(",");
        var ifTrue = ParseTypedValue();
        ExpectPunct(",");
        return new SelectInstr(cond, ifTrue, ParseTypedValue());
    }

    private PhiInstr ParsePhi()
    {
        SkipWords(FastMathFlags);
        var type = ParseType();
        var incoming = new List<PhiIncoming>();
        do
        {
            ExpectPunct("[");
            var value = ParseValue();
            ExpectPunct(",");
            var block = Expect(LlvmTokenKind.Local, "a block label").Text;
            ExpectPunct("]");
            incoming.Add(new PhiIncoming(value, block));
        }
        while (Peek().Is(",") && Peek(1).Is("[") && TryPunct(","));
        return new PhiInstr(type, incoming);
    }

    private AllocaInstr ParseAlloca()
    {
        TryWord("inalloca");
        TryWord("swifterror");
        var type = ParseType();
        TypedValue? count = null;
        while (Peek().Is(",") && Peek(1).Kind != LlvmTokenKind.Meta)
        {
            Take();
            if (TryWord("align"))
            {
                Expect(LlvmTokenKind.Int, "an alignment");
            }
            else if (Peek().IsWord("addrspace"))
            {
                SkipKeyword();
            }
            else
            {
                count = ParseTypedValue();
            }
        }
        return new AllocaInstr(type, count);
    }

    private LoadInstr ParseLoad()
    {
        bool atomic = TryWord("atomic");
        bool isVolatile = TryWord("volatile");
        var type = ParseType();
        ExpectPunct(",");
        var ptr = ParseTypedValue();
        var (scope, ordering) = atomic ? ParseScopeAndOrdering() : (null, null);
        ParseMemoryOptions();
        return new LoadInstr(type, ptr, isVolatile, ordering) { SyncScope = scope };
    }

    private StoreInstr ParseStore()
    {
        bool atomic = TryWord("atomic");
        bool isVolatile = TryWord("volatile");
        var value = ParseTypedValue();
        ExpectPunct(",");
        var ptr = ParseTypedValue();
        var (scope, ordering) = atomic ? ParseScopeAndOrdering() : (null, null);
        ParseMemoryOptions();
        return new StoreInstr(value, ptr, isVolatile, ordering) { SyncScope = scope };
    }

    private GetElementPtrInstr ParseGetElementPtr()
    {
        bool inbounds = TryWord("inbounds");
        var sourceType = ParseType();
        ExpectPunct(",");
        var gepBase = ParseTypedValue();
        var indices = new List<TypedValue>();
        while (Peek().Is(",") && Peek(1).Kind != LlvmTokenKind.Meta)
        {
            Take();
            indices.Add(ParseTypedValue());
        }
        return new GetElementPtrInstr(sourceType, gepBase, indices, inbounds);
    }

    private CmpXchgInstr ParseCmpXchg()
    {
        bool weak = TryWord("weak");
        bool isVolatile = TryWord("volatile");
        var ptr = ParseTypedValue();
        ExpectPunct(",");
        var expected = ParseTypedValue();
        ExpectPunct(",");
        var newValue = ParseTypedValue();
        var (scope, success) = ParseScopeAndOrdering();
        var failure = ParseOrdering();
        ParseMemoryOptions();
        return new CmpXchgInstr(ptr, expected, newValue, success, failure, weak, isVolatile) { SyncScope = scope };
    }

    private AtomicRmwInstr ParseAtomicRmw()
    {
        bool isVolatile = TryWord("volatile");
        var op = Expect(LlvmTokenKind.Word, "an atomicrmw operation").Text;
        var ptr = ParseTypedValue();
        ExpectPunct(",");
        var value = ParseTypedValue();
        var (scope, ordering) = ParseScopeAndOrdering();
        ParseMemoryOptions();
        return new AtomicRmwInstr(op, ptr, value, ordering, isVolatile) { SyncScope = scope };
    }

    private FenceInstr ParseFence()
    {
        var (scope, ordering) = ParseScopeAndOrdering();
        return new FenceInstr(ordering) { SyncScope = scope };
    }

    private (string? Scope, string Ordering) ParseScopeAndOrdering()
    {
        string? scope = null;
        if (TryWord("syncscope"))
        {
            ExpectPunct("(");
            scope = LlvmLexer.DecodeString(Expect(LlvmTokenKind.String, "a scope name").Text);
            ExpectPunct(")");
        }
        return (scope, ParseOrdering());
    }

    private string ParseOrdering()
    {
        var t = Peek();
        if (t.Kind != LlvmTokenKind.Word || !Orderings.Contains(t.Text))
        {
            throw Error(t, $"expected a memory ordering but found {t.Describe()}");
        }
        return Take().Text;
    }

    /// <summary>The <c>, align N</c> of loads, stores and atomics (metadata attachments are read by the caller).</summary>
    private void ParseMemoryOptions()
    {
        while (Peek().Is(",") && Peek(1).IsWord("align"))
        {
            Take();
            Take();
            Expect(LlvmTokenKind.Int, "an alignment");
        }
    }

    private ExtractValueInstr ParseExtractValue()
    {
        var aggregate = ParseTypedValue();
        return new ExtractValueInstr(aggregate, ParseFieldIndices());
    }

    private InsertValueInstr ParseInsertValue()
    {
        var aggregate = ParseTypedValue();
        ExpectPunct(",");
        var element = ParseTypedValue();
        return new InsertValueInstr(aggregate, element, ParseFieldIndices());
    }

    private List<int> ParseFieldIndices()
    {
        var indices = new List<int>();
        while (Peek().Is(",") && Peek(1).Kind == LlvmTokenKind.Int)
        {
            Take();
            indices.Add((int)ParseInt(Take()));
        }
        if (indices.Count == 0)
        {
            var t = Peek(1);
            throw Error(t, $"expected an index but found {t.Describe()}");
        }
        return indices;
    }

    private CallInstr ParseTailCall()
    {
        ExpectWord("call");
        return ParseCall();
    }

    private CallInstr ParseCall()
    {
        // Fast-math flags, calling convention, return attributes and addrspace come before the type.
        while (Peek().Kind == LlvmTokenKind.Word && !IsTypeStart(Peek()))
        {
            SkipKeyword();
        }
        var type = ParseType();
        var returnType = type is FunctionType f ? f.Return : type;
        LValue callee = Peek().IsWord("asm") ? ParseInlineAsm() : ParseValue();
        ExpectPunct("(");
        var args = new List<TypedValue>();
        while (!TryPunct(")"))
        {
            if (args.Count > 0)
            {
                ExpectPunct(",");
            }
            if (Peek().IsWord("metadata"))
            {
                Take();
                args.Add(new TypedValue(new OtherType("metadata"), new MetadataArg(SkipMetadataOperand())));
                continue;
            }
            var argType = ParseType();
            SkipParamAttrs();
            args.Add(new TypedValue(argType, ParseValue()));
        }
        // Function attributes and operand bundles.
        while (!AtLineEnd() && !Peek().Is(","))
        {
            var t = Peek();
            if (t.Is("["))
            {
                SkipBalanced();
            }
            else if (t.Kind is LlvmTokenKind.AttrGroup or LlvmTokenKind.Word)
            {
                SkipKeyword();
            }
            else if (t.Kind == LlvmTokenKind.String)
            {
                SkipParamAttrs();
            }
            else
            {
                throw Error(t, $"expected ',' but found {t.Describe()}");
            }
        }
        return new CallInstr(returnType, callee, args);
    }

    private InlineAsm ParseInlineAsm()
    {
        Take();
        bool sideEffect = false;
        while (Peek().Kind == LlvmTokenKind.Word)
        {
            sideEffect |= Take().Text == "sideeffect"; // also alignstack, inteldialect, unwind
        }
        var asm = LlvmLexer.DecodeString(Expect(LlvmTokenKind.String, "an assembler string").Text);
        ExpectPunct(",");
        var constraints = LlvmLexer.DecodeString(Expect(LlvmTokenKind.String, "a constraint string").Text);
        return new InlineAsm(asm, constraints, sideEffect);
    }

    /// <summary>Skips a metadata call operand (<c>i32 %x</c>, <c>!12</c>, <c>!DIExpression(...)</c>) and returns it as written.</summary>
    private string SkipMetadataOperand()
    {
        var start = Peek();
        int depth = 0;
        while (true)
        {
            var t = Peek();
            if (t.Kind == LlvmTokenKind.End || depth == 0 && (t.Is(",") || t.Is(")")))
            {
                break;
            }
            if (t.Kind == LlvmTokenKind.Punct && t.Text is "(" or "[" or "{" or "<")
            {
                depth++;
            }
            else if (t.Kind == LlvmTokenKind.Punct && t.Text is ")" or "]" or "}" or ">")
            {
                depth--;
            }
            Take();
        }
        if (next == 0 || tokens[next - 1].Offset < start.Offset)
        {
            throw Error(start, $"expected a metadata operand but found {start.Describe()}");
        }
        return text[start.Offset..Peek().Offset].TrimEnd();
    }

    private LInstr ParseBr()
    {
        if (TryWord("label"))
        {
            return new BrInstr(Expect(LlvmTokenKind.Local, "a block label").Text);
        }
        var cond = ParseTypedValue();
        ExpectPunct(",");
        var ifTrue = ParseLabel();
        ExpectPunct(",");
        return new CondBrInstr(cond.Value, ifTrue, ParseLabel());
    }

    private string ParseLabel()
    {
        ExpectWord("label");
        return Expect(LlvmTokenKind.Local, "a block label").Text;
    }

    private SwitchInstr ParseSwitch()
    {
        var value = ParseTypedValue();
        ExpectPunct(",");
        var defaultLabel = ParseLabel();
        ExpectPunct("[");
        var cases = new List<SwitchCase>();
        while (!TryPunct("]"))
        {
            ParseType();
            var caseValue = ParseValue() switch
            {
                IntConst c => c.Value,
                _ => throw Error(tokens[next - 1], $"expected an integer case value but found {tokens[next - 1].Describe()}"),
            };
            ExpectPunct(",");
            cases.Add(new SwitchCase(caseValue, ParseLabel()));
        }
        return new SwitchInstr(value, defaultLabel, cases);
    }

    private RetInstr ParseRet() => TryWord("void") ? new RetInstr(null) : new RetInstr(ParseTypedValue());

    /// <summary>Reads the trailing <c>, !dbg !12, !tbaa !7</c> attachments; returns the !dbg number or -1.</summary>
    private int ParseAttachments()
    {
        int debugId = -1;
        while (Peek().Is(",") && Peek(1).Kind == LlvmTokenKind.Meta)
        {
            Take();
            debugId = ParseAttachment() ?? debugId;
        }
        return debugId;
    }

    /// <summary>Reads one <c>!name !N</c> (or <c>!name !{...}</c>) attachment; returns N when the name is <c>dbg</c>.</summary>
    private int? ParseAttachment()
    {
        var name = Expect(LlvmTokenKind.Meta, "a metadata attachment");
        var value = Peek();
        if (value.Is("!"))
        {
            Take();
            SkipBalanced();
            return null;
        }
        Expect(LlvmTokenKind.Meta, "a metadata reference");
        return name.Text == "dbg" && int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;
    }

    /// <summary>
    /// Skips an instruction vrm does not model, with any continuation lines (invoke's <c>to label</c>,
    /// landingpad clauses) and brackets spanning lines; keeps its !dbg attachment.
    /// </summary>
    private UnsupportedInstr SkipUnsupported(LlvmToken op, LlvmToken first)
    {
        int debugId = -1, depth = 0;
        int line = first.Line;
        while (true)
        {
            var t = Peek();
            bool sameLine = t.Line == line || depth > 0;
            bool continuation = t.Kind == LlvmTokenKind.Word && ContinuationWords.Contains(t.Text);
            if (t.Kind == LlvmTokenKind.End || !sameLine && !continuation)
            {
                break;
            }
            line = t.Line;
            if (t.Kind == LlvmTokenKind.Meta && t.Text == "dbg" && Peek(1).Kind == LlvmTokenKind.Meta)
            {
                Take();
                debugId = int.TryParse(Take().Text, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : -1;
                continue;
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
        return new UnsupportedInstr(op.Text, LineText(first)) { DebugId = debugId };
    }
}
