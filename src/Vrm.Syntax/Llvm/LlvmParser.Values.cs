using System.Globalization;
using System.Numerics;

namespace Vrm.Syntax.Llvm;

/// <summary>Operands and constants, including constant expressions (getelementptr, casts, arithmetic).</summary>
public sealed partial class LlvmParser
{
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
}
