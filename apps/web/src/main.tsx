import { render } from 'preact';
import './styles.css';
import './ui/ui.css';
import { App } from './app/App';

const root = document.getElementById('app');
if (root) render(<App />, root);
