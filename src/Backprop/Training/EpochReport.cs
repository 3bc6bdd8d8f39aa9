namespace Backprop;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">The 0-based epoch number.</param>
/// <param name="Loss">The sum over samples of each sample's loss, measured before that sample's update.</param>
/// <param name="Updates">The number of weight updates in the epoch.</param>
public sealed record EpochReport(int Epoch, double Loss, int Updates);
