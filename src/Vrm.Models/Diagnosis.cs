using Vrm.Syntax;

namespace Vrm.Models;

/// <summary>
/// Something a model found in a consistent execution that the user should hear about although the execution
/// is allowed: a flag herd7 also raises (<see cref="Flag"/>, such as <c>Warning-BBM-expected</c>), or a
/// diagnostic of vrm's own (Flag null), with a message that names the events and the fix, and the place in
/// the source it is about.
/// </summary>
public sealed record Diagnosis(string? Flag, string Message, SourcePos Pos);
