using Xunit;

namespace Vrm.Cli.Tests.C;

/// <summary>
/// Small C programs a test writes into a folder of its own (deleted with it): a body of declarations and thread
/// functions, and a main that starts two of them and joins both, then checked with vrm check.
/// </summary>
internal sealed class ScratchPrograms : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("vrm-scratch-");

    public void Dispose() => dir.Delete(recursive: true);

    /// <summary>Writes <paramref name="text"/> as-is to FILE in the folder; returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary><paramref name="body"/> after vrm.h and the pthread and atomics headers, with a main starting <paramref name="first"/> and <paramref name="second"/>.</summary>
    public string TwoThreads(string body, string first = "t1", string second = "t2", string name = "p.c") => Write(name, $$"""
        #include <pthread.h>
        #include <stdatomic.h>
        #include "vrm.h"
        {{body}}
        int main(void)
        {
          pthread_t a, b;
          pthread_create(&a, 0, {{first}}, 0);
          pthread_create(&b, 0, {{second}}, 0);
          pthread_join(a, 0);
          pthread_join(b, 0);
          return 0;
        }
        """);

    /// <summary>The run ended with <paramref name="verdict"/> (exit 0 for ok, 2 otherwise) and its report says <paramref name="message"/>.</summary>
    public static void Verdict(CheckRun.Result r, string verdict, string? message = null)
    {
        Assert.True(r.Code == (verdict == "ok" ? 0 : 2) && r.Verdict == verdict, r.ToString());
        if (message is not null)
        {
            Assert.Contains(message, r.Out, StringComparison.Ordinal);
        }
    }

    /// <summary>vrm check refused the program as bad input, saying <paramref name="message"/>.</summary>
    public static void InputError(CheckRun.Result r, string message) =>
        Assert.True(r.Code == 1 && r.Err.Contains(message, StringComparison.Ordinal) && r.Err.Contains("error:", StringComparison.Ordinal), r.ToString());
}
