namespace Vrm.Cli;

/// <summary>The exit codes every vrm command uses.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int InputError = 1;
    public const int Violated = 2;
    public const int Internal = 3;

    /// <summary>A limit (--timeout, --max-states, --max-executions, --max-memory, a size bound) stopped some search: no verdict claimed.</summary>
    public const int Incomplete = 4;

    /// <summary>Ctrl-C (SIGINT): what finished was printed; 128 + the signal number, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// The code of a run whose parts ended with <paramref name="a"/> and <paramref name="b"/>: interrupted, then
    /// internal error, violation, input error, incomplete, ok — the one the user must look at first.
    /// </summary>
    public static int Worst(int a, int b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(int code) => code switch
    {
        Ok => 0,
        Incomplete => 1,
        InputError => 2,
        Violated => 3,
        Internal => 4,
        _ => 5,
    };
}
