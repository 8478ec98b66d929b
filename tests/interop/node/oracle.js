// Runs the official lucid-extension-sdk as the conformance oracle for pellucid's tests.
// Reads {"mode": ..., "cases": [...]} as JSON on stdin, writes a JSON array of results.
//   stringify: cases are JSON values        -> JSON.stringify(value)
//   keys:      {elements, item}             -> {key: FormattedPrimaryKey(...elements).forItem(item), elements}
//   update:    neutral update specs         -> {url, headers, body} captured from DataSourceClient.update
//   verify:    {pem, url, body, nonce, signature} -> SignatureValidator.validate(...)
//   time:      {spec, repeat}               -> ms per update (for the benchmark)
'use strict';
const crypto = require('crypto');
const sdk = require('lucid-extension-sdk');
const {
    DataSourceClient, FormattedPrimaryKey, declareSchema, ItemsPatchInexhaustive, ItemsPatchExhaustive,
    LiteralFieldType, FieldTypeArray, NDimensionalFieldTypeArray, CollectionEnumFieldType,
    schemaOKStatus, SignatureValidator,
} = sdk;
// Not re-exported by the package index; same class the SDK's serializer recognises.
const {DeserializedMapEnumFieldType} = require('lucid-extension-sdk/core/data/fieldtypedefinition/deserializedmapenumfieldtype');

function type(t) {
    if (typeof t === 'number') return t;
    if ('union' in t) return t.union.map(type);
    if ('literal' in t) return new LiteralFieldType(typeof t.literal === 'string' ? '%' + t.literal : t.literal);
    if ('array' in t) return new FieldTypeArray(t.array.map(type));
    if ('nd' in t) return new NDimensionalFieldTypeArray(t.nd.map(type));
    if ('collectionEnum' in t) return new CollectionEnumFieldType(t.collectionEnum);
    if ('mapEnum' in t) return new DeserializedMapEnumFieldType(new Map(t.mapEnum.map(([id, e]) => [id, e])));
    throw new Error('bad type ' + JSON.stringify(t));
}
const field = (f) => ({...f, type: type(f.type)});
const entries = (pairs) => (pairs ? new Map(pairs) : undefined);

function items(p, declared) {
    if (p.items) return new Map(p.items);
    if (declared) return declared.fromItems(p.fromItems);
    const pk = new FormattedPrimaryKey(...p.keyFields);
    return new Map(p.fromItems.map((it) => [pk.forItem(it), it]));
}

function collection(c) {
    let schema, declared;
    if (c.declare) {
        const fields = Object.fromEntries(Object.entries(c.declare.fields).map(([n, f]) => [n, field(f)]));
        declared = declareSchema({primaryKey: c.declare.primaryKey, fields});
        schema = {fields: declared.array, primaryKey: declared.primaryKey.elements, fieldLabels: c.declare.fieldLabels};
    } else if (c.schema) {
        schema = {fields: c.schema.fields.map(field), primaryKey: c.schema.primaryKey, fieldLabels: c.schema.fieldLabels};
    }
    const p = c.patch;
    const errors = p.errors || p.schemaOK ? new Map([...(p.errors || []), ...(p.schemaOK ? [schemaOKStatus()] : [])]) : undefined;
    const fcpi = p.fieldConstraintsPerItem ? new Map(p.fieldConstraintsPerItem.map(([k, fs]) => [k, new Map(fs)])) : undefined;
    let patch;
    if (p.kind === 'exhaustive') {
        patch = new ItemsPatchExhaustive(items(p, declared), entries(p.rekeyingMap), entries(p.fieldNamesChanged), errors, fcpi);
    } else if (p.kind === 'inexhaustive') {
        patch = new ItemsPatchInexhaustive(items(p, declared), p.itemsDeleted, errors, fcpi);
    } else {
        patch = {items: items(p, declared), itemsDeleted: p.itemsDeleted, errors, fieldConstraintsPerItem: fcpi};
    }
    const out = {schema, patch, represents: c.represents, name: c.name, hideFromDataPanel: c.hideFromDataPanel,
                 queryLastExecutionTimestamp: c.queryLastExecutionTimestamp};
    if ('queryError' in c) out.queryError = c.queryError;
    return out;
}

function request(s) {
    const collections = {};
    for (const [id, c] of s.collections) collections[id] = collection(c);
    return {
        dataSourceName: s.dataSourceName, collections, updateFilterType: s.updateFilterType,
        dataSourceConfiguration: s.patchType === undefined ? undefined : {patchType: s.patchType},
        sourceForeignKeys: s.sourceForeignKeys, creationPermission: s.creationPermission,
    };
}

async function update(s) {
    let captured;
    const client = new DataSourceClient({main: 'https://main.test/', api: 'https://api.test/'}, 'TOKEN-123',
        async (url, init) => { captured = {url, headers: init.headers, body: init.body}; return {status: 200}; });
    await client.update(request(s));
    return captured;
}

async function time({spec, repeat}) {
    const client = new DataSourceClient({main: '', api: ''}, 'T', async (url, init) => {
        Buffer.from(init.body, 'utf8'); // the bytes fetch would send
        return {status: 200};
    });
    const runs = [];
    for (let i = 0; i < repeat; i++) {
        const t0 = process.hrtime.bigint();
        await client.update(request(spec));
        runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return runs;
}

function verify({pem, url, body, nonce, signature}) {
    const v = new SignatureValidator({crypto, Buffer}, pem);
    return v.validate(body, {'x-lucid-rsa-nonce': nonce, 'x-lucid-signature': signature}, url);
}

const modes = {
    stringify: (v) => JSON.stringify(v),
    keys: ({elements, item}) => { const k = new FormattedPrimaryKey(...elements); return {key: k.forItem(item), elements: k.elements}; },
    update, verify, time,
};

let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
    const {mode, cases} = JSON.parse(input);
    const out = [];
    for (const c of cases) out.push(await modes[mode](c));
    process.stdout.write(JSON.stringify(out));
});
