using Microsoft.ML;
using Microsoft.ML.Data;

namespace Backprop.MLNet.Scoring;

/// <summary>
/// The table ML.NET's value mapping turns a class index into the label's key with: row i holds the index i (UInt32)
/// and the key i + 1 in the label column's own key type, with the label's key values (its KeyValues annotation, the
/// class names). So PredictedLabel is the same key type as the label, and MapKeyToValue turns it back into the
/// label's values as it does for ML.NET's own trainers. The value mapping saves this table in the model file.
/// </summary>
internal sealed class KeyLookup : IDataView
{
    public const string IndexColumn = "Index";
    public const string KeyColumn = "Key";

    /// <summary>ML.NET's annotation of a key column that holds the value of each key.</summary>
    public const string KeyValuesAnnotation = "KeyValues";

    private readonly KeyDataViewType _keyType;
    private readonly int _count;

    public KeyLookup(DataViewSchema.Column label, int classes)
    {
        _keyType = (KeyDataViewType)label.Type;
        _count = classes;
        var keyValues = new DataViewSchema.Annotations.Builder();
        keyValues.Add(label.Annotations, kind => kind == KeyValuesAnnotation);
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(IndexColumn, NumberDataViewType.UInt32);
        schema.AddColumn(KeyColumn, _keyType, keyValues.ToAnnotations());
        Schema = schema.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(KeyLookup table) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => table.Schema;

        public override bool MoveNext() => ++_position < table._count;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = column.Index == 0
                ? (ValueGetter<uint>)((ref uint index) => index = checked((uint)_position))
                : table._keyType.RawType switch
                {
                    // A key's raw value is 1-based (0 is the missing key).
                    var t when t == typeof(uint) => (ValueGetter<uint>)((ref uint key) => key = checked((uint)(_position + 1))),
                    var t when t == typeof(ulong) => (ValueGetter<ulong>)((ref ulong key) => key = checked((ulong)(_position + 1))),
                    var t when t == typeof(ushort) => (ValueGetter<ushort>)((ref ushort key) => key = checked((ushort)(_position + 1))),
                    var t when t == typeof(byte) => (ValueGetter<byte>)((ref byte key) => key = checked((byte)(_position + 1))),
                    var t => throw new NotSupportedException($"A key of raw type {t.Name} is not supported."),
                };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
