namespace Vrm.Cli;

/// <summary>The exit codes every vrm command uses.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int InputError = 1;
    public const int Violated = 2;
    public const int Internal = 3;

    /// <summary>No violation was found, but the search did not cover every behaviour (timeout, a state or execution bound, a loop bound, no execution finished).</summary>
    public const int Incomplete = 4;

    /// <summary>Stopped by Ctrl-C (SIGINT), after printing what was finished.</summary>
    public const int Interrupted = 130;

    /// <summary>The code of a run of several files: interrupted over internal error over input error over violation over incomplete over ok.</summary>
    public static int Worst(int a, int b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(int code) => code switch
    {
        Ok => 0,
        Incomplete => 1,
        Violated => 2,
        InputError => 3,
        Internal => 4,
        _ => 5,
    };
}
