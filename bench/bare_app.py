"""The framework's floor: a bare Streamlit page (one st.write, one selectbox for the
interaction floor), measured in the same run as the dashboard."""
import streamlit as st

choice = st.selectbox("Choix", ["a", "b", "c"], key="choice")
st.write(f"valeur {choice}")
