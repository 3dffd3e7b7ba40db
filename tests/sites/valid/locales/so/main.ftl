# Somali: deliberately incomplete, to test that missing messages fall back to Dutch.
skip-to-content = U gudub nuxurka
nav-contacts = Yaa maxay qabtaa
nav-services = Adeegyada
nav-guides = Hagayaal
home-title = Soo dhawoow
