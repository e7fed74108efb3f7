// Background mode for phones: a plain <audio> element on the HTTP stream (Ogg Opus where
// the browser plays it, else MP3), which keeps playing with the screen off, with Media
// Session metadata (title = what is playing) and lock-screen play and pause. The page
// switches to it when the listener asks, or when it goes to the background while playing.
export class BackgroundPlayer extends EventTarget {
    constructor(audio) {
        super();
        this.audio = audio;
        this.active = false;
        this.title = 'ambient radio';
        this.timer = null;
        if ('mediaSession' in navigator) {
            navigator.mediaSession.setActionHandler('play', () => this.audio.play());
            navigator.mediaSession.setActionHandler('pause', () => this.audio.pause());
            navigator.mediaSession.setActionHandler('stop', () => this.stop());
        }
    }

    // The stream this browser can play: Opus in Ogg, else MP3.
    static streamUrl() {
        const probe = document.createElement('audio');
        return probe.canPlayType('audio/ogg; codecs="opus"') ? '/stream.opus' : '/stream.mp3';
    }

    async start(volume) {
        this.active = true;
        this.audio.src = BackgroundPlayer.streamUrl();
        this.audio.volume = volume;
        this.setTitle(this.title);
        // What is playing comes from /api/status: no WebSocket is open in this mode.
        this.timer = setInterval(() => this.refresh(), 5000);
        this.refresh();
        try {
            await this.audio.play();
        } catch (e) {
            this.dispatchEvent(new CustomEvent('blocked', { detail: e.message }));
        }
        this.dispatchEvent(new Event('change'));
    }

    stop() {
        this.active = false;
        clearInterval(this.timer);
        this.audio.pause();
        this.audio.removeAttribute('src');
        this.audio.load();
        this.dispatchEvent(new Event('change'));
    }

    setVolume(v) { this.audio.volume = v; }

    setTitle(title) {
        this.title = title;
        if ('mediaSession' in navigator && this.active) {
            navigator.mediaSession.metadata = new MediaMetadata({
                title, artist: 'ambient radio', album: 'generative, live',
                artwork: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
            });
        }
    }

    async refresh() {
        try {
            const s = await fetch('/api/status').then((r) => r.json());
            if (s.playing) this.dispatchEvent(new CustomEvent('playing', { detail: s.playing }));
        } catch { /* the next refresh tries again */ }
    }
}
