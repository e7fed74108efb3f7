// Reads an ICY (SHOUTcast) stream for a while as a player would (Icy-MetaData: 1) and
// prints what it found as JSON: the metaint, the audio bytes, and each title in order.
// node icy_titles.mjs URL SECONDS
import http from 'node:http';

const [url, seconds] = [process.argv[2], Number(process.argv[3] || 8)];
const out = { metaint: 0, audio_bytes: 0, titles: [], errors: [] };
const request = http.get(url, { headers: { 'Icy-MetaData': '1' } }, (res) => {
    out.status = res.statusCode;
    out.content_type = res.headers['content-type'];
    out.metaint = Number(res.headers['icy-metaint'] || 0);
    let until = out.metaint, meta = null, metaLeft = 0;
    res.on('data', (chunk) => {
        for (let i = 0; i < chunk.length;) {
            if (meta !== null) {
                const n = Math.min(metaLeft, chunk.length - i);
                meta = Buffer.concat([meta, chunk.subarray(i, i + n)]);
                metaLeft -= n;
                i += n;
                if (metaLeft === 0) {
                    const m = /StreamTitle='([^']*)';/.exec(meta.toString('utf8'));
                    if (m) out.titles.push(m[1]);
                    else out.errors.push(`bad block: ${JSON.stringify(meta.toString('utf8'))}`);
                    meta = null;
                    until = out.metaint;
                }
            } else if (until === 0) {
                const length = chunk[i++] * 16;
                if (length > 0) { meta = Buffer.alloc(0); metaLeft = length; } else until = out.metaint;
            } else {
                const n = Math.min(until, chunk.length - i);
                out.audio_bytes += n;
                until -= n;
                i += n;
            }
        }
    });
});
request.on('error', (e) => out.errors.push(e.message));
setTimeout(() => {
    request.destroy();
    console.log(JSON.stringify(out));
}, seconds * 1000);
