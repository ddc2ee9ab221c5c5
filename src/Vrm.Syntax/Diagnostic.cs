namespace Vrm.Syntax;

/// <summary>A position in a source file, 1-based as compilers print it.</summary>
public readonly record struct SourcePos(int Line, int Col)
{
    public static readonly SourcePos None = new(0, 0);
}

/// <summary>A user-facing error about an input file, printed as <c>file(line,col): error: message</c>.</summary>
public sealed record Diagnostic(string File, SourcePos Pos, string Message)
{
    public override string ToString() =>
        Pos.Line > 0 ? $"{File}({Pos.Line},{Pos.Col}): error: {Message}" : $"{File}: error: {Message}";
}

/// <summary>
/// Raised only at the API edge (parsers and lowerings return to their caller through it); the CLI
/// turns it into exit code 1. The kind says whether the input is wrong or merely outside what vrm supports.
/// </summary>
public sealed class DiagnosticException(Diagnostic diagnostic, bool unsupported = false) : Exception(diagnostic.ToString())
{
    public Diagnostic Diagnostic { get; } = diagnostic;

    /// <summary>True when the input is valid herd syntax that vrm does not model yet (mixed sizes, page tables...).</summary>
    public bool Unsupported { get; } = unsupported;
}
