// For svelte-check: Svelte 5 compiles `<script lang="ts">` itself, so no preprocessor is needed.
export default {};
