namespace Vrm.Cli;

/// <summary>The exit codes every vrm command uses.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int InputError = 1;
    public const int Violated = 2;
    public const int Internal = 3;
}
