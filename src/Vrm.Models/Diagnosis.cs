using Vrm.Syntax;

namespace Vrm.Models;

/// <summary>
/// Something a model found in a consistent execution that the user should hear about although the execution
/// is allowed: a flag herd7 also raises (<see cref="Flag"/>, such as <c>Warning-BBM-expected</c>), or a
/// diagnostic of vrm's own (Flag null), with a message that names the events and the fix, and the place in
/// the source it is about.
/// </summary>
public sealed record Diagnosis(string? Flag, string Template, SourcePos Pos)
{
    /// <summary>
    /// How a message names thread <paramref name="thread"/>: a token that <see cref="Text"/> replaces with the
    /// thread's name in the reader's terms (P1 in a litmus test, <c>T2 reader</c> in a C program).
    /// </summary>
    public static string ThreadToken(int thread) => $"{{thread {thread}}}";

    /// <summary>The message with litmus thread names (P0, P1...).</summary>
    public string Message => Text(t => $"P{t}");

    /// <summary>The message with each thread named by <paramref name="name"/>.</summary>
    public string Text(Func<int, string> name)
    {
        var text = new System.Text.StringBuilder();
        int at = 0;
        while (Template.IndexOf("{thread ", at, StringComparison.Ordinal) is int start and >= 0)
        {
            int end = Template.IndexOf('}', start);
            text.Append(Template, at, start - at);
            text.Append(name(int.Parse(Template.AsSpan(start + 8, end - start - 8), System.Globalization.CultureInfo.InvariantCulture)));
            at = end + 1;
        }
        return text.Append(Template, at, Template.Length - at).ToString();
    }
}
