using System.Globalization;

namespace Vrm.Syntax.Llvm;

/// <summary>Types: <c>i32</c>, <c>T*</c>, <c>[N x T]</c>, <c>{ ... }</c>, <c>&lt;{ ... }&gt;</c>, <c>%name</c>, function types.</summary>
public sealed partial class LlvmParser
{
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
}
